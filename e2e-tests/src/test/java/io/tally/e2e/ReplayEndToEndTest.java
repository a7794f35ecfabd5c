package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A replay of both order projections while orders keep coming and analysts keep reading: no query
 * fails, the replay swaps in, and afterwards both read models equal those of a second query-side
 * that projected everything from scratch into its own schema and index.
 */
class ReplayEndToEndTest {

    private static final String SCRATCH_SCHEMA = "tally_query_scratch";
    private static final String SCRATCH_PREFIX = "scratch-";
    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    @Test
    void ordersProjectionsReplayUnderLoadAndEqualAFreshProjection() throws Exception {
        String sku = "REPLAY-" + UUID.randomUUID().toString().substring(0, 8);
        String customer = "cus_replay_" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 1000, 1000, 100_000);
        String known = system.placeOrder(customer, sku, "EUR", "tok_visa");
        system.awaitOrderStatus(known, Duration.ofSeconds(20), "CONFIRMED");
        system.awaitReadModelsConverge(customer, List.of(known), Duration.ofSeconds(20));
        fillLogTo(3000, sku);

        AtomicBoolean stop = new AtomicBoolean();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger placed = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        Thread orders = new Thread(() -> {
            while (!stop.get()) {
                try {
                    system.placeOrder(customer, sku, "EUR", "tok_visa");
                    placed.incrementAndGet();
                    Thread.sleep(40);
                } catch (Throwable e) {
                    failures.add("order: " + e.getMessage());
                }
            }
        });
        Thread analyst = new Thread(() -> {
            List<String> paths = List.of(
                    "/api/orders?customerId=" + customer,
                    "/api/orders/" + known,
                    "/api/search/orders?q=Fault%20Tester&status=CONFIRMED",
                    "/api/orders?status=CONFIRMED&size=5");
            while (!stop.get()) {
                for (String path : paths) {
                    try {
                        HttpResponse<String> response = system.query(path, "ANALYST");
                        reads.incrementAndGet();
                        if (response.statusCode() != 200) {
                            failures.add(path + ": " + response.statusCode() + " " + response.body());
                        }
                    } catch (Exception e) {
                        failures.add(path + ": " + e);
                    }
                }
            }
        });
        orders.start();
        analyst.start();
        try {
            Thread.sleep(1000);
            assertThat(ops("POST", "/api/admin/projections/orders-pg/replay").statusCode())
                    .isEqualTo(202);
            assertThat(ops("POST", "/api/admin/projections/orders-es/replay").statusCode())
                    .isEqualTo(202);
            HttpResponse<String> again = ops("POST", "/api/admin/projections/orders-pg/replay");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
            assertThat(again.body()).contains("replay-in-progress");
            int placedBefore = placed.get();
            JsonNode replaying = projection(system.queryPort, "orders-pg");
            assertThat(replaying.get("replaying").asBoolean())
                    .as(replaying.toString())
                    .isTrue();
            assertThat(replaying.get("progress").asDouble())
                    .as(replaying.toString())
                    .isLessThan(1.0);
            JsonNode pg = system.awaitReplayFinished("orders-pg", ReplayEndToEndTest::progressInRange);
            JsonNode es = system.awaitReplayFinished("orders-es", ReplayEndToEndTest::progressInRange);
            assertThat(pg.get("lastReplay").get("outcome").asString())
                    .as(pg.toString())
                    .isEqualTo("swapped");
            assertThat(es.get("lastReplay").get("outcome").asString())
                    .as(es.toString())
                    .isEqualTo("swapped");
            assertThat(placed.get()).as("orders placed while replaying").isGreaterThan(placedBefore);
            Thread.sleep(1000);
        } finally {
            stop.set(true);
            orders.join();
            analyst.join();
        }
        assertThat(failures).as("failed orders and queries during the replay").isEmpty();
        assertThat(reads.get()).isGreaterThan(20);

        long head = awaitQuietHead();
        awaitProjected(system.queryPort, head);
        int scratchPort = system.startFreshQuerySide("query-side-scratch", SCRATCH_SCHEMA, SCRATCH_PREFIX);
        try {
            awaitProjected(scratchPort, head);
            assertSameRows("order_view");
            assertThat(documents("orders")).isEqualTo(documents(SCRATCH_PREFIX + "orders"));
            assertThat(indicesBehind("orders"))
                    .as("the replayed index replaced orders-v1")
                    .doesNotContain("orders-v1")
                    .hasSize(1);
        } finally {
            system.stopProcess("query-side-scratch");
        }
    }

    @Test
    void aReplayIsForOpsAndForKnownProjections() throws Exception {
        HttpResponse<String> analyst = system.send(
                "POST", system.queryPort, "/api/admin/projections/orders-pg/replay", system.token("ANALYST"), null);
        assertThat(analyst.statusCode()).isEqualTo(403);
        HttpResponse<String> unknown = ops("POST", "/api/admin/projections/nothing/replay");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    /**
     * Receives stock, eight receipts at a time over forty items, until the log holds {@code events}
     * events: the replay reads the whole log, so it has work to do while orders keep coming.
     */
    private static void fillLogTo(long events, String sku) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            skus.add(sku + "-" + i);
            system.stock(skus.get(i), 100, 0, 0);
        }
        try {
            while (projection(system.queryPort, "orders-pg").get("head").asLong() < events) {
                List<java.util.concurrent.Future<HttpResponse<String>>> batch = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String item = skus.get(i % skus.size());
                    batch.add(pool.submit(
                            () -> system.command("POST", "/api/inventory/" + item + "/receipts", "{\"quantity\":1}")));
                }
                for (java.util.concurrent.Future<HttpResponse<String>> receipt : batch) {
                    assertThat(receipt.get().statusCode()).isEqualTo(200);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void progressInRange(JsonNode view) {
        assertThat(view.get("progress").asDouble()).isBetween(0.0, 1.0);
    }

    private static HttpResponse<String> ops(String method, String path) throws Exception {
        return system.send(method, system.queryPort, path, system.token("OPS"), null);
    }

    /** The head once the sagas of the last orders have settled (no new event for two seconds). */
    private static long awaitQuietHead() {
        long[] last = {-1, System.nanoTime()};
        return await().alias("the head of the log stays put for two seconds")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> projection(system.queryPort, "orders-pg")
                                .get("head")
                                .asLong(),
                        head -> {
                            if (head != last[0]) {
                                last[0] = head;
                                last[1] = System.nanoTime();
                            }
                            return System.nanoTime() - last[1]
                                    >= Duration.ofSeconds(2).toNanos();
                        });
    }

    private static void awaitProjected(int port, long head) {
        await().alias("the query side on port " + port + " reaches " + head)
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> projection(port, "orders-pg").get("position").asLong() >= head
                        && projection(port, "orders-es").get("position").asLong() >= head);
    }

    private static JsonNode projection(int port, String name) throws Exception {
        HttpResponse<String> response =
                system.send("GET", port, "/api/admin/projections/" + name, system.token("OPS"), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RunningSystem.JSON.readTree(response.body());
    }

    private static void assertSameRows(String table) throws Exception {
        try (Connection db =
                DriverManager.getConnection(system.stores.jdbcUrl(), system.stores.user(), system.stores.password())) {
            long replayed = count(db, "SELECT count(*) FROM tally_query." + table);
            assertThat(replayed).isPositive();
            assertThat(count(db, "SELECT count(*) FROM " + SCRATCH_SCHEMA + "." + table))
                    .isEqualTo(replayed);
            assertThat(count(
                            db,
                            "SELECT count(*) FROM (SELECT * FROM tally_query." + table + " EXCEPT SELECT * FROM "
                                    + SCRATCH_SCHEMA + "." + table + ") d"))
                    .as("rows only the replayed copy has")
                    .isZero();
            assertThat(count(
                            db,
                            "SELECT count(*) FROM (SELECT * FROM " + SCRATCH_SCHEMA + "." + table
                                    + " EXCEPT SELECT * FROM tally_query." + table + ") d"))
                    .as("rows only the fresh copy has")
                    .isZero();
        }
    }

    private static long count(Connection db, String sql) throws Exception {
        try (ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Every document of an index (through its alias), ordered by id, as Elasticsearch returns them. */
    private static List<JsonNode> documents(String alias) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = system.stores.elasticsearchUrl() + "/" + alias;
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/_refresh"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/_search"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"size\":10000,\"sort\":[{\"orderId\":\"asc\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> documents = new ArrayList<>();
        for (JsonNode hit :
                RunningSystem.JSON.readTree(response.body()).get("hits").get("hits")) {
            documents.add(hit.get("_source"));
        }
        assertThat(documents).isNotEmpty();
        return documents;
    }

    private static List<String> indicesBehind(String alias) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(system.stores.elasticsearchUrl() + "/_alias/" + alias))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        List<String> names = new ArrayList<>();
        RunningSystem.JSON.readTree(response.body()).propertyNames().forEach(names::add);
        return names;
    }
}
