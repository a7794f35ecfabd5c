package io.tally.command.payment.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.command.web.CommandSideHttpTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The vault answers from memory on the instance that stored a token and from the table anywhere
 * else; once the answer is recorded the token is gone from both.
 */
class PaymentTokenVaultTest extends CommandSideHttpTest {

    @Test
    void anotherInstanceReadsTheTableAndForgettingClearsBoth() {
        PaymentTokenVault storing = new PaymentTokenVault(jdbc);
        PaymentTokenVault other = new PaymentTokenVault(jdbc);
        String paymentId = "pay_" + UUID.randomUUID();

        storing.store(paymentId, "tok_visa");

        assertThat(storing.peek(paymentId)).contains("tok_visa");
        assertThat(other.peek(paymentId)).contains("tok_visa");
        other.forget(paymentId);
        assertThat(other.peek(paymentId)).isEmpty();
        storing.forget(paymentId);
        assertThat(storing.peek(paymentId)).isEmpty();
    }

    @Test
    void theRememberedCopyIsTheStoredOne() {
        PaymentTokenVault vault = new PaymentTokenVault(jdbc);
        String paymentId = "pay_" + UUID.randomUUID();
        jdbc.sql("INSERT INTO payment_token_vault (payment_id, token) VALUES (:id, 'tok_first')")
                .param("id", paymentId)
                .update();

        vault.store(paymentId, "tok_second");

        assertThat(vault.peek(paymentId)).contains("tok_first");
        vault.forget(paymentId);
    }
}
