package io.tally.bench;

import io.tally.dev.Tokens;
import io.tally.formats.tokens.TokenPosition;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The projection benchmark behind {@code ./tally bench projections}. Against a running system it
 * places N orders through the command API from C concurrent clients and measures, for every order,
 * the time from the 201 to the order being readable from PostgreSQL ({@code GET /api/orders/{id}})
 * and findable in Elasticsearch ({@code GET /api/search/orders?q=id}). Then it starts a second
 * query-side on a fresh schema and index prefix and measures how fast each projection rebuilds
 * from the first event to the head.
 */
public final class ProjectionBenchmark {

    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\":\"([^\"]+)\"");
    private static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)");
    private static final Pattern PROJECTION = Pattern.compile(
            "\"name\":\"([^\"]+)\",\"status\":\"[^\"]*\",\"position\":(-?\\d+),\"head\":(-?\\d+),\"lag\":(\\d+)");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String commandUrl;
    private final String queryUrl;
    private final Tokens tokens;
    /** One token per role: signing one per request would cost the client more CPU than it measures. */
    private final Map<String, String> bearer = new java.util.concurrent.ConcurrentHashMap<>();

    private ProjectionBenchmark(String commandUrl, String queryUrl, Tokens tokens) {
        this.commandUrl = commandUrl;
        this.queryUrl = queryUrl;
        this.tokens = tokens;
    }

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 25;
        Path keys = Path.of(BenchMain.env("TALLY_KEYS_DIR", ".tally/keys"));
        ProjectionBenchmark bench = new ProjectionBenchmark(
                "http://localhost:" + BenchMain.env("TALLY_COMMAND_PORT", "8080"),
                "http://localhost:" + BenchMain.env("TALLY_QUERY_PORT", "8081"),
                Tokens.loadOrCreate(keys));
        System.out.printf(
                "Projection benchmark: %d orders at %d/s from up to %d concurrent clients, %d cores, %s%n",
                orders, rate, concurrency, Runtime.getRuntime().availableProcessors(), java.time.Instant.now());
        if (orders > 0) {
            int warmUp = Math.max(200, orders / 10);
            System.out.printf("  warm-up: %d orders, not measured%n", warmUp);
            bench.lag(warmUp, concurrency, rate, false);
            bench.lag(orders, concurrency, rate, true);
        }
        String queryJar = System.getenv("TALLY_QUERY_JAR");
        if (queryJar != null) {
            bench.rebuild(Path.of(queryJar));
        }
    }

    private HttpResponse<String> send(String method, String url, String role, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header(
                        "Authorization",
                        "Bearer "
                                + bearer.computeIfAbsent(
                                        role, r -> tokens.mint("bench", List.of(r), Duration.ofHours(1))))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Places {@code orders} at {@code rate} per second and, when {@code report}, prints the lags it measured. */
    private void lag(int orders, int concurrency, int rate, boolean report) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String sku = "BENCH-" + run + "-" + i;
            require(send("POST", commandUrl + "/api/inventory", "APP", """
                    {"sku":"%s","name":"Bench item %d","unitPrice":{"amount":%d,"currency":"EUR"},"taxRateBasisPoints":1900}""".formatted(sku, i, 500 + i * 100)), 201);
            require(
                    send(
                            "POST",
                            commandUrl + "/api/inventory/" + sku + "/receipts",
                            "APP",
                            "{\"quantity\":" + (orders * 2) + "}"),
                    200);
            skus.add(sku);
        }
        List<Long> postgres = Collections.synchronizedList(new ArrayList<>());
        List<Long> search = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        ExecutorService watchers = Executors.newFixedThreadPool(Math.max(16, concurrency * 2));
        // watching costs the machine the benchmark measures: follow about 500 orders, spread evenly
        int every = Math.max(1, orders / 500);
        List<Future<?>> watching = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<Future<?>> placing = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            String sku = skus.get(i % skus.size());
            int n = i;
            long due = start + TimeUnit.SECONDS.toNanos(i) / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            placing.add(clients.submit(() -> {
                HttpResponse<String> placed =
                        send("POST", commandUrl + "/api/orders", "APP", """
                        {"customerId":"bench-%s","customerName":"Bench Customer %d","customerEmail":"bench%d@example.com",
                         "currency":"EUR","lines":[{"sku":"%s","quantity":1}],"paymentToken":"tok_visa"}""".formatted(run, n, n, sku));
                long acknowledged = System.nanoTime();
                require(placed, 201);
                String orderId = match(ORDER_ID, placed.body());
                if (n % every != 0) {
                    return null;
                }
                watching.add(watchers.submit(() -> {
                    postgres.add(awaitVisible(queryUrl + "/api/orders/" + orderId, "ANALYST", null, acknowledged));
                    search.add(awaitVisible(
                            queryUrl + "/api/search/orders?q=" + orderId + "&size=1", "ANALYST", TOTAL, acknowledged));
                    return null;
                }));
                return null;
            }));
        }
        for (Future<?> f : placing) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (int i = 0; i < watching.size(); i++) {
            watching.get(i).get();
        }
        clients.shutdown();
        watchers.shutdown();
        if (!report) {
            return;
        }
        System.out.printf(
                "  placed %d orders in %.1f s (%.0f orders/s); followed %d of them, polling every 10 ms%n",
                orders, seconds, orders / seconds, postgres.size());
        System.out.printf(
                "  lag to PostgreSQL    (201 -> GET /api/orders/{id} answers): p50 %4d ms  p99 %4d ms  max %4d ms%n",
                percentile(postgres, 50), percentile(postgres, 99), percentile(postgres, 100));
        System.out.printf(
                "  lag to Elasticsearch (201 -> search by id finds it):        p50 %4d ms  p99 %4d ms  max %4d ms%n",
                percentile(search, 50), percentile(search, 99), percentile(search, 100));
    }

    /** Polls until the URL answers 200 (and, with {@code found}, a non-zero count); answers ms since ack. */
    private long awaitVisible(String url, String role, Pattern found, long acknowledged) throws Exception {
        long deadline = acknowledged + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send("GET", url, role, null);
            if (response.statusCode() == 200 && (found == null || !"0".equals(match(found, response.body())))) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acknowledged);
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException(url + " not visible within 60 s");
    }

    /** Waits until the event store's head stops moving (the sagas of the last orders have finished). */
    private void awaitQuiet() throws Exception {
        String admin = queryUrl + "/api/admin/projections";
        String last = "";
        for (int i = 0; i < 120; i++) {
            Matcher m = PROJECTION.matcher(send("GET", admin, "OPS", null).body());
            String heads = m.find() ? m.group(3) : "";
            if (heads.equals(last) && !heads.isEmpty()) {
                return;
            }
            last = heads;
            Thread.sleep(2000);
        }
    }

    private void rebuild(Path queryJar) throws Exception {
        awaitQuiet();
        String schema = "tally_query_bench";
        String prefix = "bench-";
        String dbUrl = BenchMain.env("TALLY_DB_URL", "jdbc:postgresql://127.0.0.1:15432/postgres");
        String esUrl = BenchMain.env("TALLY_ES_URL", "http://127.0.0.1:19200");
        cleanUp(dbUrl, schema, esUrl, prefix);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Daxoniq.update-checker.disabled=true",
                "-jar",
                queryJar.toString()));
        String extra = BenchMain.env("TALLY_BENCH_QUERY_ARGS", "");
        if (!extra.isBlank()) {
            // e.g. --axon.eventhandling.processors.orders-pg.batch-size=500, to compare settings
            command.addAll(List.of(extra.trim().split("\\s+")));
            System.out.println("  rebuild instance arguments: " + extra.trim());
        }
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("TALLY_QUERY_PORT", String.valueOf(port));
        builder.environment().put("TALLY_QUERY_SCHEMA", schema);
        builder.environment().put("TALLY_ES_INDEX_PREFIX", prefix);
        Process process = builder.start();
        Map<String, long[]> first = new TreeMap<>();
        Map<String, long[]> done = new TreeMap<>();
        String user = BenchMain.env("TALLY_DB_USER", "postgres");
        String password = BenchMain.env("TALLY_DB_PASSWORD", "");
        try (Connection db = DriverManager.getConnection(dbUrl, user, password);
                Statement statement = db.createStatement()) {
            // watch the copy's token store directly: its processors start before its HTTP port opens
            long head;
            try (ResultSet rows = statement.executeQuery(
                    "SELECT coalesce(max(global_index), -1) FROM tally_events.domain_event_entry")) {
                rows.next();
                head = rows.getLong(1);
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            while (System.nanoTime() < deadline && (done.isEmpty() || done.size() < first.size())) {
                Map<String, List<Long>> positions = new TreeMap<>();
                try (ResultSet rows = statement.executeQuery(
                        "SELECT processor_name, convert_from(token, 'UTF8') FROM " + schema + ".token_entry")) {
                    while (rows.next()) {
                        positions
                                .computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
                                .add(TokenPosition.of(rows.getString(2)));
                    }
                } catch (java.sql.SQLException notYetCreated) {
                    Thread.sleep(50);
                    continue;
                }
                long now = System.nanoTime();
                positions.forEach((name, segments) -> {
                    long position = Collections.min(segments);
                    if (segments.size() < 2) {
                        return;
                    }
                    first.putIfAbsent(name, new long[] {now, Math.max(position, 0)});
                    if (position >= head) {
                        done.putIfAbsent(name, new long[] {now, position});
                    }
                });
                Thread.sleep(50);
            }
            System.out.printf(
                    "  rebuild of %d events from the first event (a second query-side, fresh schema and"
                            + " indexes, all five projections at once):%n",
                    head + 1);
            for (Map.Entry<String, long[]> entry : done.entrySet()) {
                long[] from = first.get(entry.getKey());
                double seconds = Math.max(0.05, (entry.getValue()[0] - from[0]) / 1e9);
                long events = entry.getValue()[1] - from[1];
                System.out.printf(
                        "    %-13s %8d events in %6.1f s: %7.0f events/s%n",
                        entry.getKey(), events, seconds, events / seconds);
            }
        } finally {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
            cleanUp(dbUrl, schema, esUrl, prefix);
        }
    }

    private void cleanUp(String dbUrl, String schema, String esUrl, String prefix) throws Exception {
        try (Connection db = DriverManager.getConnection(
                        dbUrl, BenchMain.env("TALLY_DB_USER", "postgres"), BenchMain.env("TALLY_DB_PASSWORD", ""));
                Statement statement = db.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        http.send(
                HttpRequest.newBuilder(URI.create(esUrl + "/" + prefix + "*"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static String match(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("unexpected answer: " + body);
        }
        return m.group(1);
    }

    private static void require(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(
                    response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The nearest-rank percentile {@code p} of {@code values}; -1 when there are none. */
    public static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
