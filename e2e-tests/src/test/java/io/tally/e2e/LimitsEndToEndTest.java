package io.tally.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One caller cannot take a service from the others: over its rate, over its open event streams,
 * or with a second whole-log export at once it gets 429 problem+json with {@code Retry-After},
 * while another caller goes on. A query-side of its own with low limits (and its own read models).
 */
class LimitsEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RunningSystem system;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
        port = system.startWith("limits-query-side", "query-side", Map.of(
                "TALLY_QUERY_SCHEMA", "tally_query_limits", "TALLY_ES_INDEX_PREFIX", "limits-",
                "TALLY_LIMIT_REQUESTS_PER_SECOND", "10", "TALLY_LIMIT_STREAMS_PER_CALLER", "2",
                "TALLY_LIMIT_HEAVY_PER_CALLER", "1", "TALLY_ORDERS_UPDATES_HEARTBEAT", "PT1S"));
    }

    @AfterAll
    static void stop() throws Exception {
        system.stopProcess("limits-query-side");
    }

    private static String token(String subject, String role) {
        return system.stores.token(subject, role);
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return system.send("GET", port, path, token, null);
    }

    private static void assertTooMany(HttpResponse<?> response) {
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void aCallerOverItsRateGets429WithRetryAfterWhileAnotherGoesOn() throws Exception {
        String noisy = token("limits-noisy-" + UUID.randomUUID(), "ANALYST");
        List<HttpResponse<String>> answers = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(25);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                sent.add(pool.submit(() -> get("/api/orders?size=1", noisy)));
            }
            for (java.util.concurrent.Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<HttpResponse<String>> refused = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(refused).as("10 a second allowed, 25 sent at once").isNotEmpty();
        assertTooMany(refused.get(0));
        assertThat(refused.get(0).body()).contains("\"code\":\"too-many-requests\"", "requests a second");
        assertThat(answers.stream().filter(r -> r.statusCode() == 200).count()).isBetween(10L, 20L);
        assertThat(get("/api/orders?size=1", token("limits-quiet-" + UUID.randomUUID(), "ANALYST")).statusCode())
                .as("another caller is not held back").isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/api/orders?size=1", noisy).statusCode() == 200);
        assertThat(system.send("GET", port, "/actuator/health", null, null).statusCode())
                .as("health is never limited").isEqualTo(200);
    }

    @Test
    void aCallerGetsTwoOpenStreamsAndAThirdIsRefusedUntilOneCloses() throws Exception {
        String sku = "LIMIT-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 100, 0, 100);
        String orderId = system.placeOrder("cus_limits", sku, "EUR", "tok_visa");
        assertThat(system.awaitOrderStatus(orderId, Duration.ofSeconds(30), "CONFIRMED")).isEqualTo("CONFIRMED");
        String caller = token("limits-streams-" + UUID.randomUUID(), "APP");
        await().atMost(Duration.ofSeconds(120)).until(() -> get("/api/orders/" + orderId, caller).statusCode() == 200);

        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                HttpResponse<InputStream> stream = stream(orderId, caller);
                assertThat(stream.statusCode()).isEqualTo(200);
                assertThat(firstLine(stream.body())).startsWith("event:");
                open.add(stream.body());
            }
            HttpResponse<InputStream> third = stream(orderId, caller);
            assertTooMany(third);
            assertThat(new String(third.body().readAllBytes(), StandardCharsets.UTF_8)).contains("open event streams");
            assertThat(stream(orderId, token("limits-other-" + UUID.randomUUID(), "APP")).statusCode())
                    .as("another caller opens its own").isEqualTo(200);

            // a client that goes away is noticed at the stream's next heartbeat (15 s, here 1 s), its slot freed
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                HttpResponse<InputStream> again = stream(orderId, caller);
                if (again.statusCode() == 200) {
                    open.add(again.body());
                    return true;
                }
                again.body().close();
                return false;
            });
        } finally {
            for (InputStream stream : open) {
                stream.close();
            }
        }
    }

    @Test
    void aSecondWholeLogExportOfOneCallerIsRefusedWhileTheFirstRuns() throws Exception {
        // the first export is held open by a client that reads almost nothing (an 8 KB receive buffer, so
        // the kernel does not take the export in for it): it keeps running while the export is larger
        // than the server's socket buffer (at most 4 MB here), which the test run's log is
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(system.stores.jdbcUrl(),
                system.stores.user(), system.stores.password());
             java.sql.ResultSet size = db.createStatement().executeQuery(
                     "SELECT coalesce(sum(octet_length(payload) + octet_length(meta_data)), 0)"
                             + " FROM tally_events.domain_event_entry")) {
            size.next();
            org.junit.jupiter.api.Assumptions.assumeTrue(size.getLong(1) > 6_000_000L,
                    "needs a log larger than the socket buffers; " + size.getLong(1) + " bytes stored");
        }
        String auditor = token("limits-auditor-" + UUID.randomUUID(), "AUDITOR");
        try (java.net.Socket slow = new java.net.Socket()) {
            slow.setReceiveBufferSize(8192);
            slow.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            slow.getOutputStream().write(("GET /api/audit/export HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + auditor + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            String status = new String(slow.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 200");
            Thread.sleep(500);
            HttpResponse<String> second = get("/api/audit/export", auditor);
            assertTooMany(second);
            assertThat(second.body()).contains("whole-log export or verification");
            assertTooMany(get("/api/audit/verify", auditor));
            assertThat(get("/api/audit/verify", token("limits-auditor-2-" + UUID.randomUUID(), "AUDITOR")).statusCode())
                    .as("another auditor is not held back").isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/api/audit/verify", auditor).statusCode() == 200);
    }

    private static HttpRequest request(String path, String token) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                          .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).GET().build();
    }

    private static HttpResponse<InputStream> stream(String orderId, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders/" + orderId
                                                           + "/updates"))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private static String firstLine(InputStream body) throws Exception {
        return new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)).readLine();
    }
}
