package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two command-side and two query-side instances on one PostgreSQL: every processor's segments end
 * up split between the two instances of its service; commands for one aggregate sent to both at
 * once lose no update and apply no rule twice; deadlines fire exactly once; when the second
 * instances are killed, the first take over their segments and fire the deadlines left.
 */
class ScaleOutEndToEndTest {

    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    @Test
    void twoInstancesOfEachServiceShareTheWorkAndTakeOverFromEachOther() throws Exception {
        int command2 = system.startInstance("command-side-2", "command-side");
        int query2 = system.startInstance("query-side-2", "query-side");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Connection db =
                DriverManager.getConnection(system.stores.jdbcUrl(), system.stores.user(), system.stores.password())) {
            awaitSplit(
                    db, "tally_query", Set.of("orders-pg", "orders-es", "payments-pg", "inventory-pg", "inventory-es"));
            awaitSplit(db, "tally_command", Set.of("OrderFulfillmentSagaProcessor"));

            // one item, forty receipts sent to both command-side instances at once: none lost
            String sku = "SCALE-" + UUID.randomUUID().toString().substring(0, 8);
            system.stock(sku, 1200, 0, 0);
            List<Callable<Integer>> receipts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int port = i % 2 == 0 ? system.commandPort : command2;
                receipts.add(() -> system.send(
                                "POST",
                                port,
                                "/api/inventory/" + sku + "/receipts",
                                system.token("APP"),
                                "{\"quantity\":1}")
                        .statusCode());
            }
            for (Future<Integer> status : pool.invokeAll(receipts)) {
                assertThat(status.get()).isEqualTo(200);
            }
            JsonNode item = RunningSystem.JSON.readTree(system.query("/api/inventory/" + sku + "?minVersion=40", "APP")
                    .body());
            assertThat(item.get("onHand").asLong()).isEqualTo(40);

            // each instance caches the aggregates it loaded: one never answers for state the other moved on from
            staleCachesAreNeverBelieved(command2);

            // orders confirmed by the sagas of both instances; then ship and cancel each one at once, one
            // on each instance: exactly one of the two wins, and the order ends as the winner said
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                orders.add(system.placeOrder("cus_scale", sku, "EUR", "tok_visa"));
            }
            for (String orderId : orders) {
                assertThat(system.awaitOrderStatus(orderId, Duration.ofSeconds(20), "CONFIRMED"))
                        .isEqualTo("CONFIRMED");
            }
            for (String orderId : orders) {
                Future<HttpResponse<String>> ship = pool.submit(() -> system.send(
                        "POST",
                        system.commandPort,
                        "/api/orders/" + orderId + "/ship",
                        system.token("APP"),
                        "{\"carrier\":\"DHL\",\"trackingNumber\":\"S1\"}"));
                Future<HttpResponse<String>> cancel = pool.submit(() -> system.send(
                        "POST",
                        command2,
                        "/api/orders/" + orderId + "/cancel",
                        system.token("APP"),
                        "{\"reason\":\"race\"}"));
                int shipped = ship.get().statusCode();
                int cancelled = cancel.get().statusCode();
                assertThat(List.of(shipped, cancelled)).as(orderId).containsExactlyInAnyOrder(200, 422);
                assertThat(system.awaitOrderStatus(orderId, Duration.ofSeconds(20), "SHIPPED", "CANCELLED"))
                        .isEqualTo(shipped == 200 ? "SHIPPED" : "CANCELLED");
            }

            // deadlines: orders whose gateway never answers, rejected exactly once by one instance
            String waitingCustomer = "cus_scale_" + UUID.randomUUID().toString().substring(0, 8);
            List<String> waiting = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                waiting.add(system.placeOrder(waitingCustomer, sku, "EUR", "tok_timeout"));
            }
            for (String orderId : waiting) {
                assertThat(system.awaitOrderStatus(orderId, Duration.ofSeconds(30), "REJECTED"))
                        .isEqualTo("REJECTED");
            }

            // the second instances die; the first take over their segments and their deadlines
            List<String> orphaned = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                orphaned.add(system.placeOrder(waitingCustomer, sku, "EUR", "tok_timeout"));
            }
            system.killProcess("command-side-2");
            system.killProcess("query-side-2");
            awaitOwnedByOne(db, "tally_query", 5 * 2);
            awaitOwnedByOne(db, "tally_command", 2);
            for (String orderId : orphaned) {
                assertThat(system.awaitOrderStatus(orderId, Duration.ofSeconds(60), "REJECTED"))
                        .isEqualTo("REJECTED");
            }
            List<String> all = new ArrayList<>(waiting);
            all.addAll(orphaned);
            for (String orderId : all) {
                assertThat(count(
                                db,
                                "SELECT count(*) FROM tally_events.domain_event_entry WHERE aggregate_identifier = ?"
                                        + " AND payload_type = 'io.tally.api.order.OrderRejectedEvent'",
                                orderId))
                        .as("rejections of " + orderId)
                        .isEqualTo(1);
            }
            system.awaitReadModelsConverge(waitingCustomer, all, Duration.ofSeconds(60));
        } finally {
            pool.shutdownNow();
            system.killProcess("command-side-2");
            system.killProcess("query-side-2");
        }
        StringBuilder report = new StringBuilder();
        assertThat(system.checkInvariants(report)).as(report.toString()).isTrue();
    }

    /**
     * The second instance caches an item, then the first changes it: a refusal the second would
     * make on its cached copy (an adjustment below what it thinks is on hand), or a price it would
     * quote from it, is checked against the store and the command runs on the stored state.
     */
    private static void staleCachesAreNeverBelieved(int command2) throws Exception {
        String sku = "STALE-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 1000, 0, 0);
        HttpResponse<String> cachedThere = system.send(
                "POST", command2, "/api/inventory/" + sku + "/receipts", system.token("APP"), "{\"quantity\":1}");
        assertThat(cachedThere.statusCode()).as(cachedThere.body()).isEqualTo(200);
        HttpResponse<String> movedHere = system.send(
                "POST",
                system.commandPort,
                "/api/inventory/" + sku + "/receipts",
                system.token("APP"),
                "{\"quantity\":5}");
        assertThat(movedHere.statusCode()).as(movedHere.body()).isEqualTo(200);
        HttpResponse<String> adjusted = system.send(
                "POST",
                command2,
                "/api/inventory/" + sku + "/adjustments",
                system.token("APP"),
                "{\"delta\":-3,\"reason\":\"count\"}");
        assertThat(adjusted.statusCode())
                .as("refused on a stale copy (1 on hand) instead of the stored 6: " + adjusted.body())
                .isEqualTo(200);
        assertThat(RunningSystem.JSON.readTree(adjusted.body()).get("onHand").asLong())
                .isEqualTo(3);

        String order = """
                {"customerId":"cus_stale","customerName":"Stale Cache","customerEmail":"stale@example.com",
                 "currency":"EUR","lines":[{"sku":"%s","quantity":1}],"paymentToken":"tok_visa"}""".formatted(sku);
        HttpResponse<String> quotedThere = system.send("POST", command2, "/api/orders", system.token("APP"), order);
        assertThat(quotedThere.statusCode()).as(quotedThere.body()).isEqualTo(201);
        HttpResponse<String> repriced = system.send(
                "PUT",
                system.commandPort,
                "/api/inventory/" + sku + "/price",
                system.token("APP"),
                "{\"unitPrice\":{\"amount\":1500,\"currency\":\"EUR\"}}");
        assertThat(repriced.statusCode()).as(repriced.body()).isEqualTo(200);
        HttpResponse<String> quotedAgain = system.send("POST", command2, "/api/orders", system.token("APP"), order);
        assertThat(quotedAgain.statusCode()).as(quotedAgain.body()).isEqualTo(201);
        assertThat(RunningSystem.JSON
                        .readTree(quotedAgain.body())
                        .at("/totals/subtotal/amount")
                        .asLong())
                .as("quoted at the stored price, not the cached one")
                .isEqualTo(1500);
    }

    /** Waits until each processor's segments are held by two different owners. */
    private static void awaitSplit(Connection db, String schema, Set<String> processors) throws Exception {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Map<String, Set<String>> owners = owners(db, schema);
                    for (String processor : processors) {
                        assertThat(owners.getOrDefault(processor, Set.of()))
                                .as(schema + " segments split between two instances: " + owners)
                                .hasSize(2);
                    }
                });
    }

    /** Waits until every segment of the schema's processors is claimed again, all by one owner. */
    private static void awaitOwnedByOne(Connection db, String schema, int segments) throws Exception {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Set<String> all = new HashSet<>();
                    owners(db, schema).values().forEach(all::addAll);
                    long claimed = count(
                            db,
                            "SELECT count(*) FROM " + schema + ".token_entry WHERE owner IS NOT NULL"
                                    + " AND processor_name NOT LIKE ?",
                            "%-rebuild");
                    assertThat(all)
                            .as(schema + " segments taken over by one owner")
                            .hasSize(1);
                    assertThat(claimed).as(schema + " segments claimed").isGreaterThanOrEqualTo(segments);
                });
    }

    private static Map<String, Set<String>> owners(Connection db, String schema) throws Exception {
        Map<String, Set<String>> owners = new HashMap<>();
        try (ResultSet rows = db.createStatement()
                .executeQuery("SELECT processor_name, owner FROM " + schema
                        + ".token_entry WHERE owner IS NOT NULL AND processor_name NOT LIKE '%-rebuild'")) {
            while (rows.next()) {
                owners.computeIfAbsent(rows.getString(1), p -> new HashSet<>()).add(rows.getString(2));
            }
        }
        return owners;
    }

    private static long count(Connection db, String sql, String parameter) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
