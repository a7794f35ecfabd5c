package io.tally.command.payment.gateway;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Holds a card token from the moment an order is placed until the gateway's answer to the
 * authorisation is recorded, so that no event ever carries it; tokens never used (a rejected
 * order) expire after a day.
 */
@Component
public class PaymentTokenVault {

    private final JdbcClient jdbc;

    PaymentTokenVault(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void store(String paymentId, String token) {
        jdbc.sql("INSERT INTO payment_token_vault (payment_id, token) VALUES (:id, :token) ON CONFLICT DO NOTHING")
            .param("id", paymentId).param("token", token).update();
    }

    /**
     * The token, left in place: an authorisation sent again under its key must carry the same
     * token, so it is only forgotten once the gateway's answer is recorded.
     */
    Optional<String> peek(String paymentId) {
        return jdbc.sql("SELECT token FROM payment_token_vault WHERE payment_id = :id")
                   .param("id", paymentId).query(String.class).optional();
    }

    void forget(String paymentId) {
        jdbc.sql("DELETE FROM payment_token_vault WHERE payment_id = :id").param("id", paymentId).update();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void expireUnused() {
        jdbc.sql("DELETE FROM payment_token_vault WHERE stored_at < now() - interval '1 day'").update();
    }
}
