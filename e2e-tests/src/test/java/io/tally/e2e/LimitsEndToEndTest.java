package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
        port = system.startWith(
                "limits-query-side",
                "query-side",
                Map.of(
                        "TALLY_QUERY_SCHEMA",
                        "tally_query_limits",
                        "TALLY_ES_INDEX_PREFIX",
                        "limits-",
                        "TALLY_LIMIT_REQUESTS_PER_SECOND",
                        "10",
                        "TALLY_LIMIT_STREAMS_PER_CALLER",
                        "2",
                        "TALLY_LIMIT_HEAVY_PER_CALLER",
                        "0",
                        "TALLY_ORDERS_UPDATES_HEARTBEAT",
                        "PT1S"));
    }

    @AfterAll
    static void stop() throws Exception {
        system.stopProcess("limits-query-side");
    }

    private static String token(String subject, String role) {
        return system.token(subject, role);
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
        List<HttpResponse<String>> refused =
                answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(refused).as("10 a second allowed, 25 sent at once").isNotEmpty();
        assertTooMany(refused.get(0));
        assertThat(refused.get(0).body()).contains("\"code\":\"too-many-requests\"", "requests a second");
        assertThat(answers.stream().filter(r -> r.statusCode() == 200).count()).isBetween(10L, 20L);
        assertThat(get("/api/orders?size=1", token("limits-quiet-" + UUID.randomUUID(), "ANALYST"))
                        .statusCode())
                .as("another caller is not held back")
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> get("/api/orders?size=1", noisy).statusCode() == 200);
        assertThat(system.send("GET", port, "/actuator/health", null, null).statusCode())
                .as("health is never limited")
                .isEqualTo(200);
    }

    @Test
    void aCallerGetsTwoOpenStreamsAndAThirdIsRefusedUntilOneCloses() throws Exception {
        String sku = "LIMIT-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 100, 0, 100);
        String orderId = system.placeOrder("cus_limits", sku, "EUR", "tok_visa");
        assertThat(system.awaitOrderStatus(orderId, Duration.ofSeconds(30), "CONFIRMED"))
                .isEqualTo("CONFIRMED");
        String caller = token("limits-streams-" + UUID.randomUUID(), "APP");
        await().atMost(Duration.ofSeconds(120))
                .until(() -> get("/api/orders/" + orderId, caller).statusCode() == 200);

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
            assertThat(new String(third.body().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("open event streams");
            assertThat(stream(orderId, token("limits-other-" + UUID.randomUUID(), "APP"))
                            .statusCode())
                    .as("another caller opens its own")
                    .isEqualTo(200);

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

    /**
     * This instance allows no whole-log read at all (TALLY_LIMIT_HEAVY_PER_CALLER=0), so each one is
     * shown to take its permit deterministically; that a permit is held until the read ends and then
     * released once is CallerLimitsTest's. Reads of one aggregate are not whole-log reads.
     */
    @Test
    void wholeLogExportsAndVerificationsTakeTheCallersWholeLogPermit() throws Exception {
        String auditor = token("limits-auditor-" + UUID.randomUUID(), "AUDITOR");
        for (String path : List.of("/api/audit/export", "/api/audit/verify")) {
            HttpResponse<String> refused = get(path, auditor);
            assertTooMany(refused);
            assertThat(refused.body()).as(path).contains("whole-log export or verification");
        }
        HttpResponse<String> stream = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/audit/events"))
                        .header("Authorization", "Bearer " + auditor)
                        .header("Accept", "application/x-ndjson")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertTooMany(stream);
        HttpResponse<String> one = get("/api/audit/verify?aggregateType=order&aggregateId=ord_none", auditor);
        assertThat(one.statusCode())
                .as("one aggregate's chain is not a whole-log read: " + one.body())
                .isEqualTo(404);
    }

    private static HttpRequest request(String path, String token) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
    }

    private static HttpResponse<InputStream> stream(String orderId, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders/" + orderId + "/updates"))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    /**
     * Issue 34, point 8: anonymous requests count against their address (they skipped every
     * limit), and a body declared far over the limit and trickled in does not keep a thread: the
     * 413 comes at once and the connection is closed instead of the rest being read.
     */
    @Test
    void anAnonymousClientIsLimitedByItsAddressAndATrickledHugeBodyIsCutOff() throws Exception {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> get("/actuator/health/liveness", null).statusCode() == 429);
        assertThat(get("/api/orders?size=1", token("limits-other-" + UUID.randomUUID(), "ANALYST"))
                        .statusCode())
                .as("a caller with a token goes on")
                .isEqualTo(200);

        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /api/audit/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000000000\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine())
                    .as("refused at once (413, or 401/429 first)")
                    .startsWith("HTTP/1.1 4");
            long started = System.nanoTime();
            boolean closed = false;
            byte[] trickle = new byte[1024];
            java.util.Arrays.fill(trickle, (byte) 'x');
            while (!closed
                    && System.nanoTime() - started < Duration.ofSeconds(25).toNanos()) {
                try {
                    out.write(trickle);
                    out.flush();
                    Thread.sleep(50);
                    while (in.ready()) {
                        if (in.read() == -1) {
                            closed = true;
                        }
                    }
                } catch (java.io.IOException reset) {
                    closed = true;
                }
            }
            assertThat(closed).as("the server stops reading a body it refused").isTrue();
        }
    }

    private static String firstLine(InputStream body) throws Exception {
        return new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)).readLine();
    }
}
