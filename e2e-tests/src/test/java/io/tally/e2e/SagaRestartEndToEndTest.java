package io.tally.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The saga and its deadline live in PostgreSQL: a restart of command-side loses neither. */
class SagaRestartEndToEndTest {

    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    @Test
    void aDeadlineDueWhileCommandSideWasDownStillFiresAfterRestart() throws Exception {
        String sku = "RESTART-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 2500, 2000, 5);
        String orderId = RunningSystem.JSON.readTree(system.command("POST", "/api/orders",
                OrderLifecycleEndToEndTest.orderJson("tok_timeout", sku, "2")).body()).get("orderId").asString();
        system.awaitLevels(sku, 5, 2);
        assertThat(system.orderStatus(orderId)).isEqualTo("PLACED");

        system.restartCommandSide(() -> {
            try {
                // stay down past the payment deadline, so it falls due while nothing runs
                Thread.sleep(RunningSystem.PAYMENT_TIMEOUT.plusSeconds(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(system.awaitOrderStatus(orderId, Duration.ofSeconds(30), "REJECTED", "CONFIRMED"))
                .isEqualTo("REJECTED");
        system.awaitLevels(sku, 5, 0);
    }
}
