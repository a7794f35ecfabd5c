package io.tally.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Many orders racing for the last units: never oversold, never negative. */
class OrderRaceEndToEndTest {

    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    @Test
    void fiftyConcurrentOrdersForTenUnitsConfirmExactlyTen() throws Exception {
        String sku = "LAST-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 1000, 2000, 10);
        String json = OrderLifecycleEndToEndTest.orderJson("tok_visa", sku, "1");
        List<Future<HttpResponse<String>>> placed = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(50);
        try {
            for (int i = 0; i < 50; i++) {
                placed.add(clients.submit(() -> system.command("POST", "/api/orders", json)));
            }
            List<String> orderIds = new ArrayList<>();
            for (Future<HttpResponse<String>> response : placed) {
                HttpResponse<String> answer = response.get();
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
                orderIds.add(RunningSystem.JSON.readTree(answer.body()).get("orderId").asString());
            }
            int confirmed = 0;
            int rejected = 0;
            for (String orderId : orderIds) {
                String status = system.awaitOrderStatus(orderId, Duration.ofSeconds(60), "CONFIRMED", "REJECTED");
                if (status.equals("CONFIRMED")) {
                    confirmed++;
                } else {
                    rejected++;
                }
            }
            assertThat(confirmed).isEqualTo(10);
            assertThat(rejected).isEqualTo(40);
            system.awaitLevels(sku, 10, 10);
        } finally {
            clients.shutdownNow();
        }
    }
}
