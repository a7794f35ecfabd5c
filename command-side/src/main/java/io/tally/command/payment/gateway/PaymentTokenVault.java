package io.tally.command.payment.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Holds a card token from the moment an order is placed until the gateway's answer to the
 * authorisation is recorded, so that no event ever carries it; tokens never used (a rejected
 * order) expire after a day. The instance that stored a token also keeps it in memory for
 * {@value #REMEMBERED_MINUTES} minutes (the authorisation usually follows within a second, on the
 * same instance), so reading it back costs no statement; another instance, or one restarted
 * since, reads the table. Forgetting drops this instance's copy; one kept by another instance
 * (when the answer was recorded elsewhere) expires.
 */
@Component
public class PaymentTokenVault {

    static final int REMEMBERED_MINUTES = 10;

    private final JdbcClient jdbc;
    private final Cache<String, String> remembered = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(REMEMBERED_MINUTES))
            .build();

    PaymentTokenVault(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void store(String paymentId, String token) {
        if (jdbc.sql("INSERT INTO payment_token_vault (payment_id, token) VALUES (:id, :token) ON CONFLICT DO NOTHING")
                        .param("id", paymentId)
                        .param("token", token)
                        .update()
                == 1) {
            remembered.put(paymentId, token);
        }
    }

    /**
     * The token, left in place: an authorisation sent again under its key must carry the same
     * token, so it is only forgotten once the gateway's answer is recorded.
     */
    Optional<String> peek(String paymentId) {
        String token = remembered.getIfPresent(paymentId);
        if (token != null) {
            return Optional.of(token);
        }
        return jdbc.sql("SELECT token FROM payment_token_vault WHERE payment_id = :id")
                .param("id", paymentId)
                .query(String.class)
                .optional();
    }

    void forget(String paymentId) {
        remembered.invalidate(paymentId);
        jdbc.sql("DELETE FROM payment_token_vault WHERE payment_id = :id")
                .param("id", paymentId)
                .update();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void expireUnused() {
        jdbc.sql("DELETE FROM payment_token_vault WHERE stored_at < now() - interval '1 day'")
                .update();
    }
}
