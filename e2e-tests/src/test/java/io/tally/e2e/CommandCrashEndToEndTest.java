package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Command-side killed with SIGKILL in the middle of a load of orders, receipts, shipments and
 * refunds, then started again. The clients behave as API.md asks: every command has its own
 * Idempotency-Key and is retried with it until it gets an answer. The ledger of every command that
 * got a 2xx is then held against the event store: each one stored exactly once; every order's saga
 * finished; and {@code ./tally check} finds every invariant of stock and money intact.
 */
class CommandCrashEndToEndTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static RunningSystem system;

    /** A command that got a 2xx: its key, and the event it must have stored exactly once. */
    private record Entry(String key, String eventType, String aggregateId) {}

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    @Test
    void everyAcknowledgedCommandIsStoredOnceAndNoStockOrMoneyAppearsOrVanishes() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> skus = List.of("CRASH-A-" + tag, "CRASH-B-" + tag, "CRASH-C-" + tag);
        for (String sku : skus) {
            system.stock(sku, 1500, 1000, 500);
        }
        List<Entry> ledger = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> confirmedPayments = new ConcurrentHashMap<>();
        List<String> orders = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Thread client = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    try {
                        String sku = skus.get(random.nextInt(skus.size()));
                        int kind = random.nextInt(10);
                        if (kind < 6) {
                            JsonNode placed =
                                    send("POST", "/api/orders", """
                                    {"customerId":"cus_crash","customerName":"Crash Test","customerEmail":"c@example.com",
                                     "currency":"EUR","lines":[{"sku":"%s","quantity":1}],"paymentToken":"tok_visa"}""".formatted(sku), ledger, "OrderPlacedEvent", null);
                            if (placed != null) {
                                orders.add(placed.get("orderId").asString());
                            }
                        } else if (kind < 8) {
                            send(
                                    "POST",
                                    "/api/inventory/" + sku + "/receipts",
                                    "{\"quantity\":2}",
                                    ledger,
                                    "StockReceivedEvent",
                                    sku);
                        } else if (!orders.isEmpty()) {
                            String orderId = orders.get(random.nextInt(orders.size()));
                            JsonNode shipped = send(
                                    "POST",
                                    "/api/orders/" + orderId + "/ship",
                                    "{\"carrier\":\"DHL\",\"trackingNumber\":\"CR\"}",
                                    ledger,
                                    "OrderShippedEvent",
                                    orderId);
                            if (shipped != null && kind == 9) {
                                confirmedPayments.put(
                                        orderId, shipped.get("paymentId").asString());
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        Thread.sleep(3000);
        system.killAndRestartCommandSide();
        Thread.sleep(3000);
        stop.set(true);
        for (Thread client : clients) {
            client.join();
        }
        // a refund for some of the shipped orders, once their payments are captured
        for (Map.Entry<String, String> shipped : confirmedPayments.entrySet()) {
            refundOnceCaptured(shipped.getValue(), ledger);
        }

        assertThat(ledger.stream()
                        .filter(e -> e.eventType().equals("OrderPlacedEvent"))
                        .count())
                .isPositive();
        try (Connection db = DriverManager.getConnection(
                        system.stores.jdbcUrl(), system.stores.user(), system.stores.password());
                PreparedStatement stored = db.prepareStatement("SELECT count(*) FROM tally_events.domain_event_entry"
                        + " WHERE meta_data LIKE ? AND payload_type = ?")) {
            for (Entry entry : ledger) {
                stored.setString(1, "%\"idempotencyKey\":\"" + entry.key() + "\"%");
                stored.setString(
                        2,
                        "io.tally.api."
                                + (entry.eventType().startsWith("Stock")
                                        ? "inventory."
                                        : entry.eventType().startsWith("Payment") ? "payment." : "order.")
                                + entry.eventType());
                try (ResultSet count = stored.executeQuery()) {
                    count.next();
                    assertThat(count.getLong(1)).as(entry + " stored").isEqualTo(1);
                }
            }
        }
        for (String orderId : List.copyOf(orders)) {
            assertThat(system.awaitOrderStatus(
                            orderId, Duration.ofSeconds(60), "CONFIRMED", "SHIPPED", "REJECTED", "CANCELLED"))
                    .as("the saga of " + orderId + " finished")
                    .isNotNull();
        }
        StringBuilder report = new StringBuilder();
        assertThat(system.checkInvariants(report)).as(report.toString()).isTrue();
        System.out.printf(
                "command crash: %d acknowledged commands (%d orders), each stored once; %s%n",
                ledger.size(),
                orders.size(),
                report.toString().lines().reduce((a, b) -> b).orElse(""));
    }

    /** Load, not an assertion: an order whose ship command the crash cut off is never captured, and gets no refund. */
    private static void refundOnceCaptured(String paymentId, List<Entry> ledger) {
        try {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> send(
                                    "POST",
                                    "/api/payments/" + paymentId + "/refunds",
                                    "{\"amount\":{\"amount\":100,\"currency\":\"EUR\"},\"reason\":\"crash\"}",
                                    ledger,
                                    "PaymentRefundedEvent",
                                    paymentId)
                            != null);
        } catch (org.awaitility.core.ConditionTimeoutException neverCaptured) {
            // the invariant check at the end still covers this payment
        }
    }

    /**
     * Sends a command with a fresh Idempotency-Key and retries it with the same key while the
     * service is unreachable or busy; a 2xx goes into the ledger and its body is answered, anything
     * else answers null.
     */
    private static JsonNode send(
            String method, String path, String body, List<Entry> ledger, String eventType, String aggregateId)
            throws Exception {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> response = await().alias(path + " answers")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            try {
                                return HTTP.send(
                                        HttpRequest.newBuilder(
                                                        URI.create("http://localhost:" + system.commandPort + path))
                                                .timeout(Duration.ofSeconds(10))
                                                .header("Authorization", "Bearer " + system.token("APP"))
                                                .header("Content-Type", "application/json")
                                                .header("Idempotency-Key", key)
                                                .method(method, HttpRequest.BodyPublishers.ofString(body))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString());
                            } catch (IOException unreachable) {
                                return null;
                            }
                        },
                        answer -> answer != null
                                && answer.statusCode() != 503
                                && !(answer.statusCode() == 409
                                        && answer.body().contains("idempotency-key-in-progress")));
        int status = response.statusCode();
        assertThat(status).as(path + " " + response.body()).isLessThan(500);
        if (status >= 200 && status < 300) {
            JsonNode answer = RunningSystem.JSON.readTree(response.body());
            String id =
                    aggregateId != null ? aggregateId : answer.get("orderId").asString();
            ledger.add(new Entry(key, eventType, id));
            return answer;
        }
        return null;
    }
}
