package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Idempotency-Key over real HTTP: replay, reuse with another body, and a burst of identical requests. */
class IdempotencyEndToEndTest {

    private static RunningSystem system;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    private HttpRequest post(String key, String json) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + system.commandPort + "/api/orders"))
                .header("Authorization", "Bearer " + system.token("APP"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private long ordersPlacedWithKey(String key) throws Exception {
        try (Connection db = DriverManager.getConnection(
                        system.stores.jdbcUrl(), system.stores.user(), system.stores.password());
                PreparedStatement query = db.prepareStatement("""
                     SELECT count(*) FROM tally_events.domain_event_entry
                      WHERE payload_type = 'io.tally.api.order.OrderPlacedEvent'
                        AND meta_data::jsonb ->> 'idempotencyKey' = ?""")) {
            query.setString(1, key);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    void theSameKeyAndBodyReplaysTheFirstResponseAndStoresNothingNew() throws Exception {
        String sku = "IDEM-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 500, 0, 10);
        String key = "order-" + UUID.randomUUID();
        String json = OrderLifecycleEndToEndTest.orderJson("tok_visa", sku, "1");
        HttpResponse<String> first = http.send(post(key, json), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = http.send(post(key, json), HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(ordersPlacedWithKey(key)).isEqualTo(1);

        HttpResponse<String> reused = http.send(
                post(key, json.replace("\"1\"", "\"2\"").replace(":1}", ":2}")), HttpResponse.BodyHandlers.ofString());
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.body()).contains("\"code\":\"idempotency-key-reused\"");
        assertThat(ordersPlacedWithKey(key)).isEqualTo(1);
    }

    @Test
    void twentyIdenticalRequestsAtOnceExecuteOnce() throws Exception {
        String sku = "IDEM-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 500, 0, 10);
        String key = "burst-" + UUID.randomUUID();
        String json = OrderLifecycleEndToEndTest.orderJson("tok_visa", sku, "1");
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            burst.add(http.sendAsync(post(key, json), HttpResponse.BodyHandlers.ofString()));
        }
        Set<String> bodies = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> response : burst) {
            HttpResponse<String> answer = response.join();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            bodies.add(answer.body());
        }
        assertThat(bodies).hasSize(1);
        assertThat(ordersPlacedWithKey(key)).isEqualTo(1);
    }

    @Test
    void theSameKeyFromAnotherCallerIsTheirOwn() throws Exception {
        String sku = "IDEM-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 500, 0, 10);
        String key = "shared-" + UUID.randomUUID();
        String json = OrderLifecycleEndToEndTest.orderJson("tok_visa", sku, "1");
        HttpResponse<String> mine = http.send(post(key, json), HttpResponse.BodyHandlers.ofString());
        HttpRequest theirs = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + system.commandPort + "/api/orders"))
                .header("Authorization", "Bearer " + system.token("someone-else", "APP"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> other = http.send(theirs, HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(201);
        assertThat(other.body()).isNotEqualTo(mine.body());
        assertThat(ordersPlacedWithKey(key)).isEqualTo(2);
    }
}
