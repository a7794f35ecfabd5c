package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
        ExecutorService clients = Executors.newFixedThreadPool(50);
        try {
            List<String> orderIds = placeAtOnce(clients, Collections.nCopies(50, json));
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

    /**
     * Orders naming the same two items in opposite orders, placed and then shipped at once. A saga
     * step keeps the items it reserves or commits locked until it commits, so two sagas on different
     * segments taking them in opposite orders would deadlock, and Axon would fail one of them; the
     * saga takes them sorted, and every order goes through.
     */
    @Test
    void ordersNamingTwoItemsInOppositeOrdersAllGoThrough() throws Exception {
        String first = "PAIR-A-" + UUID.randomUUID().toString().substring(0, 8);
        String second = "PAIR-B-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(first, 1000, 2000, 1000);
        system.stock(second, 1000, 2000, 1000);
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                orders.add(
                        i % 2 == 0
                                ? OrderLifecycleEndToEndTest.orderJson("tok_visa", first, "1", second, "1")
                                : OrderLifecycleEndToEndTest.orderJson("tok_visa", second, "1", first, "1"));
            }
            List<String> orderIds = placeAtOnce(clients, orders);
            for (String orderId : orderIds) {
                assertThat(system.awaitOrderStatus(orderId, Duration.ofSeconds(60), "CONFIRMED", "REJECTED"))
                        .as(orderId)
                        .isEqualTo("CONFIRMED");
            }
            List<Future<HttpResponse<String>>> shipped = new ArrayList<>();
            for (String orderId : orderIds) {
                shipped.add(clients.submit(() -> system.command(
                        "POST",
                        "/api/orders/" + orderId + "/ship",
                        "{\"carrier\":\"DHL\",\"trackingNumber\":\"PAIR\"}")));
            }
            for (Future<HttpResponse<String>> response : shipped) {
                assertThat(response.get().statusCode())
                        .as(response.get().body())
                        .isEqualTo(200);
            }
            // every shipment's saga step committed both items
            system.awaitLevels(first, 960, 0);
            system.awaitLevels(second, 960, 0);
        } finally {
            clients.shutdownNow();
        }
    }

    /** Sends every order at once from {@code clients}; each is 201, their ids in sending order. */
    private static List<String> placeAtOnce(ExecutorService clients, List<String> orders) throws Exception {
        List<Future<HttpResponse<String>>> placed = new ArrayList<>();
        for (String json : orders) {
            placed.add(clients.submit(() -> system.command("POST", "/api/orders", json)));
        }
        List<String> orderIds = new ArrayList<>();
        for (Future<HttpResponse<String>> response : placed) {
            HttpResponse<String> answer = response.get();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            orderIds.add(
                    RunningSystem.JSON.readTree(answer.body()).get("orderId").asString());
        }
        return orderIds;
    }
}
