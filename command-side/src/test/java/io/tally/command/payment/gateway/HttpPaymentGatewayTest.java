package io.tally.command.payment.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tally.api.common.Money;
import io.tally.simulator.GatewaySimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter against the simulator over real HTTP: what it retries, what it leaves unknown, what it refuses. */
class HttpPaymentGatewayTest {

    private static final Money AMOUNT = Money.of(1234, "EUR");
    private GatewaySimulator simulator;
    private HttpPaymentGateway gateway;

    @BeforeEach
    void start() throws Exception {
        simulator = GatewaySimulator.start(0, "sk_test_adapter", null);
        gateway = new HttpPaymentGateway(
                new GatewayProperties(
                        "http://127.0.0.1:" + simulator.port(),
                        "sk_test_adapter",
                        Duration.ofSeconds(1),
                        Duration.ofMillis(800),
                        3,
                        Duration.ofMillis(20),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(5)),
                new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        simulator.stop();
    }

    @Test
    void movesMoneyOnceWhateverTheConnectionDoes() throws Exception {
        assertThat(gateway.authorize("k-error", "p1", AMOUNT, "tok_error_once").outcome())
                .isEqualTo(PaymentGateway.Outcome.DONE);
        PaymentGateway.Answer dropped = gateway.authorize("k-drop", "p2", AMOUNT, "tok_drop_after_charge");
        assertThat(dropped.outcome()).isEqualTo(PaymentGateway.Outcome.DONE);
        assertThat(dropped.reference()).startsWith("pi_");
        arm("capture", "drop-after-apply", 1);
        assertThat(gateway.capture("k-capture", dropped.reference(), AMOUNT).outcome())
                .isEqualTo(PaymentGateway.Outcome.DONE);
        assertThat(gateway.capture("k-capture", dropped.reference(), AMOUNT).outcome())
                .as("the same capture again: the saved answer")
                .isEqualTo(PaymentGateway.Outcome.DONE);
        assertThat(gateway.ledger())
                .extracting(PaymentGateway.Movement::type)
                .containsExactly("authorization", "authorization", "capture");
    }

    @Test
    void aTimeoutIsUnknownNeverARefusalAndAskingAgainUnderTheKeyAnswers() {
        PaymentGateway.Answer first = gateway.authorize("k-late", "p3", AMOUNT, "tok_timeout_after_charge");
        assertThat(first.outcome()).isEqualTo(PaymentGateway.Outcome.UNKNOWN);
        PaymentGateway.Answer again = gateway.authorize("k-late", "p3", AMOUNT, "tok_timeout_after_charge");
        assertThat(again.outcome()).isEqualTo(PaymentGateway.Outcome.DONE);
        assertThat(gateway.ledger()).hasSize(1);
        assertThat(gateway.authorize("k-never", "p4", AMOUNT, "tok_timeout").outcome())
                .isEqualTo(PaymentGateway.Outcome.UNKNOWN);
    }

    @Test
    void declinesAndRulesAreRefusalsWithTheirCodes() {
        assertThat(gateway.authorize("k-d", "p5", AMOUNT, "tok_declined"))
                .isEqualTo(PaymentGateway.Answer.refused("card_declined"));
        assertThat(gateway.authorize("k-f", "p6", AMOUNT, "tok_insufficient_funds")
                        .code())
                .isEqualTo("insufficient_funds");
        PaymentGateway.Answer approved = gateway.authorize("k-a", "p7", AMOUNT, "tok_visa");
        assertThat(gateway.refund("k-r", approved.reference(), AMOUNT, "r1"))
                .isEqualTo(PaymentGateway.Answer.refused("charge_not_captured"));
        assertThat(gateway.capture("k-x", "pi_nobody", AMOUNT))
                .isEqualTo(PaymentGateway.Answer.refused("resource_missing"));
    }

    @Test
    void fiveHundredsBeyondTheRetriesAreUnknownAndTheBreakerOpens() throws Exception {
        PaymentGateway.Answer approved = gateway.authorize("k-a", "p8", AMOUNT, "tok_visa");
        arm("capture", "error", 100);
        for (int i = 0; i < 5; i++) {
            assertThat(gateway.capture("k-c" + i, approved.reference(), AMOUNT).outcome())
                    .isEqualTo(PaymentGateway.Outcome.UNKNOWN);
        }
        PaymentGateway.Answer refused = gateway.capture("k-open", approved.reference(), AMOUNT);
        assertThat(refused.outcome()).isEqualTo(PaymentGateway.Outcome.UNKNOWN);
        assertThat(refused.detail()).contains("CircuitBreaker");
        assertThat(gateway.ledger()).hasSize(1);
    }

    private void arm(String operation, String mode, int count) throws Exception {
        HttpResponse<String> armed = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + "/_sim/faults"))
                                .header("Authorization", "Bearer sk_test_adapter")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"operation\":\"" + operation
                                        + "\",\"mode\":\"" + mode + "\",\"count\":" + count + "}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(armed.statusCode()).isEqualTo(200);
    }
}
