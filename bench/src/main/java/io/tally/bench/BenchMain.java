package io.tally.bench;

import io.tally.dev.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./tally bench [USERS] [SECONDS] [WARMUP]}: measures the machine's JDBC ceiling at the same
 * concurrency, then runs {@link TallySimulation} in a Gatling process against the running system
 * while sampling the event store's head, the projections' lag and each service's heap and CPU, and
 * prints the run's figures (the HTML report stays under {@code bench/target/gatling}).
 */
public final class BenchMain {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BenchMain() {}

    /**
     * {@code ./tally bench cost [ORDERS]}: only the work per order (and the ceiling's CPU per row),
     * without the load run; a minute or two.
     */
    public static void cost(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        System.out.printf(
                "Tally work per order: %d orders, %d cores, %s%n",
                orders, Runtime.getRuntime().availableProcessors(), Instant.now());
        CostRun run = CostRun.fromEnvironment();
        boolean counted = run.work().statementsAvailable();
        double ceilingCpu = run.work().ceilingCpuMillisPerRow(4);
        printCost(run.work().measure(run.tally(), items(run.tally(), "COST"), orders, 4), counted, ceilingCpu);
    }

    /** The work counter and Tally's order flow, on the system the environment names (as ./tally bench sets it). */
    private record CostRun(WorkPerOrder work, TallyOrderFlow tally) {

        static CostRun fromEnvironment() throws Exception {
            String command = "http://localhost:" + env("TALLY_COMMAND_PORT", "8080");
            String query = "http://localhost:" + env("TALLY_QUERY_PORT", "8081");
            String dbUrl = env("TALLY_DB_URL", "jdbc:postgresql://127.0.0.1:15432/postgres");
            Tokens tokens = Tokens.loadOrCreate(Path.of(env("TALLY_KEYS_DIR", ".tally/keys")));
            String app = tokens.mint("bench-app", List.of("APP"), Duration.ofHours(2));
            String ops = tokens.mint("bench-ops", List.of("OPS"), Duration.ofHours(2));
            String dbUser = env("TALLY_DB_USER", "postgres");
            String dbPassword = env("TALLY_DB_PASSWORD", "");
            return new CostRun(
                    new WorkPerOrder(dbUrl, dbUser, dbPassword),
                    new TallyOrderFlow(command, query, app, ops, dbUrl, dbUser, dbPassword));
        }
    }

    /**
     * {@code ./tally bench departures}' step for one configuration of {@code tally.axon.stock} (the
     * launcher restarts the services with it before): the work per order, printed as by
     * {@link #cost}, and one row of figures appended to {@code rows}.
     */
    static void departureRow(String label, Path rows, String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        CostRun run = CostRun.fromEnvironment();
        WorkPerOrder work = run.work();
        if (!work.statementsAvailable()) {
            throw new IllegalStateException("pg_stat_statements is needed to count the statements of each departure");
        }
        TallyOrderFlow tally = run.tally();
        System.out.printf("tally.axon.stock=%s: %d orders, %s%n", label, orders, Instant.now());
        WorkPerOrder.Cost cost = work.measure(tally, items(tally, "DEP"), orders, 4);
        printCost(cost, true, 0);
        WorkPerOrder.Delta net = cost.net().times(1.0 / orders);
        java.nio.file.Files.writeString(
                rows,
                String.format(
                        java.util.Locale.ROOT,
                        "%s\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f%n",
                        label,
                        net.statements(),
                        net.commandStatements(),
                        net.queryStatements(),
                        net.transactions(),
                        net.walSyncs(),
                        1000 * net.cpu(),
                        1000 * (net.cpu() - net.jit()),
                        100 * cost.gross().steal()),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** The rows {@link #departureRow} wrote, as a table, each against the first row (every departure on). */
    static void departureTable(Path rows) throws Exception {
        List<String[]> table = java.nio.file.Files.readAllLines(rows).stream()
                .filter(line -> !line.isBlank())
                .map(line -> line.split("\t"))
                .toList();
        System.out.println("Work per order through SHIPPED, net of the idle system, by tally.axon.stock (" + rows
                + "); the difference is against the first row, every departure on:");
        System.out.printf(
                "  %-22s %16s %16s %16s %16s %16s %16s %16s %7s%n",
                "stock",
                "statements",
                "command side",
                "query side",
                "transactions",
                "WAL flushes",
                "CPU ms",
                "CPU ms w/o JIT",
                "steal %");
        double[] base = null;
        for (String[] row : table) {
            double[] figures = new double[row.length - 1];
            for (int i = 1; i < row.length; i++) {
                figures[i - 1] = Double.parseDouble(row[i]);
            }
            if (base == null) {
                base = figures;
            }
            StringBuilder line = new StringBuilder(String.format("  %-22s", row[0]));
            for (int i = 0; i < figures.length - 1; i++) {
                line.append(' ')
                        .append(String.format(
                                "%16s",
                                String.format(
                                        java.util.Locale.ROOT, "%.1f (%+.1f)", figures[i], figures[i] - base[i])));
            }
            line.append(String.format(java.util.Locale.ROOT, " %7.1f", figures[figures.length - 1]));
            System.out.println(line);
        }
    }

    /** Four items with stock for any run, registered on {@code flow}. */
    static List<String> items(OrderFlow flow, String prefix) throws Exception {
        List<String> skus = new ArrayList<>();
        String run = Long.toString(System.currentTimeMillis(), 36);
        for (int i = 0; i < 4; i++) {
            String sku = prefix + "-" + run + "-" + i;
            flow.register(sku, i);
            skus.add(sku);
        }
        return skus;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 2 && args[0].equals("departure-row")) {
            departureRow(args[1], Path.of(args[2]), java.util.Arrays.copyOfRange(args, 3, args.length));
            return;
        }
        if (args.length > 1 && args[0].equals("departure-table")) {
            departureTable(Path.of(args[1]));
            return;
        }
        if (args.length > 0 && args[0].equals("cost")) {
            cost(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("peer")) {
            PeerBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        // ./tally bench open RATE [SECONDS] [WARMUP]: an open model, RATE new users a second whatever the answers
        double rate = 0;
        if (args.length > 0 && args[0].equals("open")) {
            rate = Double.parseDouble(args[1]);
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
            args[0] = "8";
        }
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        String command = "http://localhost:" + env("TALLY_COMMAND_PORT", "8080");
        String query = "http://localhost:" + env("TALLY_QUERY_PORT", "8081");
        String dbUrl = env("TALLY_DB_URL", "jdbc:postgresql://127.0.0.1:15432/postgres");
        String dbUser = env("TALLY_DB_USER", "postgres");
        String dbPassword = env("TALLY_DB_PASSWORD", "");
        Tokens tokens = Tokens.loadOrCreate(Path.of(env("TALLY_KEYS_DIR", ".tally/keys")));
        String app = tokens.mint("bench-app", List.of("APP"), Duration.ofHours(2));
        String analyst = tokens.mint("bench-analyst", List.of("ANALYST"), Duration.ofHours(2));
        String ops = tokens.mint("bench-ops", List.of("OPS"), Duration.ofHours(2));

        System.out.printf(
                "Tally load benchmark: %s, %d s measured after %d s warm-up, %d cores, %s%n",
                rate > 0 ? String.format("open model, %.1f new users a second", rate) : users + " users",
                seconds,
                warmup,
                Runtime.getRuntime().availableProcessors(),
                Instant.now());
        double ceiling = JdbcCeiling.measure(dbUrl, dbUser, dbPassword, users, Duration.ofSeconds(10));
        System.out.printf(
                "  JDBC ceiling at %d connections (one row per transaction, synchronous commit): %.0f rows/s%n",
                users, ceiling);
        WorkPerOrder work = new WorkPerOrder(dbUrl, dbUser, dbPassword);
        boolean counted = work.statementsAvailable();
        double ceilingCpu = work.ceilingCpuMillisPerRow(users);

        List<String> skus = new ArrayList<>();
        String run = Long.toString(System.currentTimeMillis(), 36);
        for (int i = 0; i < 20; i++) {
            String sku = "LOAD-" + run + "-" + i;
            post(
                    command + "/api/inventory",
                    app,
                    "{\"sku\":\"" + sku + "\",\"name\":\"Load item " + i + "\"," + "\"unitPrice\":{\"amount\":"
                            + (500 + i * 10) + ",\"currency\":\"EUR\"},\"taxRateBasisPoints\":1900}");
            post(command + "/api/inventory/" + sku + "/receipts", app, "{\"quantity\":1000000}");
            skus.add(sku);
        }

        Path results = Path.of("bench", "target", "gatling").toAbsolutePath();
        Files.createDirectories(results);
        Path metrics = results.resolve("tally-metrics-" + run + ".json");
        ProcessBuilder gatling = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "--add-opens=java.base/java.lang=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Dtally.command=" + command,
                        "-Dtally.query=" + query,
                        "-Dtally.app.token=" + app,
                        "-Dtally.analyst.token=" + analyst,
                        "-Dtally.users=" + users,
                        "-Dtally.seconds=" + seconds,
                        "-Dtally.warmup=" + warmup,
                        "-Dtally.rate=" + rate,
                        "-Dtally.skus=" + String.join(",", skus),
                        "-Dtally.metrics=" + metrics,
                        "io.gatling.app.Gatling",
                        "-s",
                        TallySimulation.class.getName(),
                        "-rf",
                        results.toString())
                .redirectErrorStream(true)
                .redirectOutput(results.resolve("gatling-" + run + ".log").toFile());
        Process load = gatling.start();

        List<Long> lag = Collections.synchronizedList(new ArrayList<>());
        Map<String, List<double[]>> services = new TreeMap<>();
        services.put("command-side", Collections.synchronizedList(new ArrayList<>()));
        services.put("query-side", Collections.synchronizedList(new ArrayList<>()));
        AtomicBoolean sampling = new AtomicBoolean(true);
        progress("warming up", warmup + 2, () -> "");
        long headBefore = head(dbUrl, dbUser, dbPassword);
        Map<String, TreeMap<Double, Double>> delaysBefore = delayBuckets(query);
        long before = System.nanoTime();
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                try {
                    JsonNode projections = JSON.readTree(get(query + "/api/admin/projections", ops));
                    long worst = 0;
                    for (JsonNode projection : projections) {
                        worst = Math.max(worst, projection.get("lag").asLong());
                    }
                    lag.add(worst);
                    services.get("command-side").add(process(command));
                    services.get("query-side").add(process(query));
                    Thread.sleep(1000);
                } catch (Exception e) {
                    // a missed sample
                }
            }
        });
        sampler.start();
        long[] hostBefore = WorkPerOrder.hostTicks();
        long measuredFrom = headBefore;
        progress("measuring", Math.max(1, seconds - 4), () -> {
            try {
                long stored = head(dbUrl, dbUser, dbPassword) - measuredFrom;
                return ", " + stored + " events stored, worst projection lag "
                        + (lag.isEmpty() ? "-" : lag.get(lag.size() - 1));
            } catch (Exception e) {
                return "";
            }
        });
        long headAfter = head(dbUrl, dbUser, dbPassword);
        Map<String, TreeMap<Double, Double>> delaysAfter = delayBuckets(query);
        double window = (System.nanoTime() - before) / 1e9;
        double loadSteal = WorkPerOrder.steal(hostBefore, WorkPerOrder.hostTicks());
        sampling.set(false);
        int exit = load.waitFor();
        sampler.join();

        JsonNode measured = JSON.readTree(Files.readString(metrics));
        List<Long> latencies = new ArrayList<>();
        long accepted = 0;
        for (JsonNode command1 : measured.get("commands")) {
            latencies.add(command1.get(0).asLong());
            int status = command1.get(1).asInt();
            if (status >= 200 && status < 300) {
                accepted++;
            }
        }
        List<Long> confirmed = new ArrayList<>();
        measured.get("confirmed").forEach(n -> confirmed.add(n.asLong()));
        long placed = measured.get("statuses").path("place order 201").asLong(0);
        double eventsPerSecond = (headAfter - headBefore) / window;
        System.out.printf(
                "  commands accepted: %.0f/s (%d in %d s), order placements %.0f/s%n",
                accepted / (double) seconds, accepted, seconds, placed / (double) seconds);
        System.out.printf(
                "  command latency:   p50 %d ms  p95 %d ms  p99 %d ms  max %d ms (%d commands)%n",
                percentile(latencies, 50),
                percentile(latencies, 95),
                percentile(latencies, 99),
                percentile(latencies, 100),
                latencies.size());
        System.out.printf(
                "  POST to CONFIRMED: p50 %d ms  p99 %d ms (%d orders)%n",
                percentile(confirmed, 50), percentile(confirmed, 99), confirmed.size());
        System.out.printf(
                "  projection lag (events behind, worst projection, sampled each second): p50 %d  p99 %d%n",
                percentile(lag, 50), percentile(lag, 99));
        StringBuilder delays = new StringBuilder();
        for (Map.Entry<String, TreeMap<Double, Double>> projection : delaysAfter.entrySet()) {
            TreeMap<Double, Double> window1 = new TreeMap<>();
            TreeMap<Double, Double> start = delaysBefore.getOrDefault(projection.getKey(), new TreeMap<>());
            projection.getValue().forEach((le, count) -> window1.put(le, count - start.getOrDefault(le, 0.0)));
            delays.append(String.format(
                    "%n    %-13s p50 %s  p99 %s",
                    projection.getKey(), bucketPercentile(window1, 0.50), bucketPercentile(window1, 0.99)));
        }
        System.out.println(
                "  projection delay (append to committed in the read model, every event, upper bucket bound):"
                        + delays);
        System.out.printf(
                "  events stored: %.0f/s = %.0f %% of the JDBC ceiling (%.0f rows/s)%n",
                eventsPerSecond, 100 * eventsPerSecond / ceiling, ceiling);
        System.out.println("  answers by command and status: " + measured.get("statuses"));
        for (Map.Entry<String, List<double[]>> service : services.entrySet()) {
            double heap = 0;
            double heapMax = 0;
            double cpu = 0;
            for (double[] sample : service.getValue()) {
                heap += sample[0];
                heapMax = Math.max(heapMax, sample[0]);
                cpu += sample[1];
            }
            int n = Math.max(1, service.getValue().size());
            System.out.printf(
                    "  %-13s heap avg %.0f MB, max %.0f MB; CPU avg %.0f %% of the machine%n",
                    service.getKey(), heap / n / 1e6, heapMax / 1e6, 100 * cpu / n);
        }
        System.out.printf(
                "  steal over the load window: %.1f %%%s%n",
                100 * loadSteal,
                loadSteal > 0.05 ? "  (above 5 %: the host took CPU, rates and latencies of this run understate)" : "");
        System.out.println("  Gatling report: " + results + (exit == 0 ? "" : " (Gatling exited " + exit + ")"));

        int orders = Integer.parseInt(env("TALLY_BENCH_COST_ORDERS", "100"));
        System.err.printf("  ... counting the work of %d orders through SHIPPED%n", orders);
        WorkPerOrder.Cost cost =
                work.measure(new TallyOrderFlow(command, query, app, ops, dbUrl, dbUser, dbPassword), skus, orders, 4);
        printCost(cost, counted, ceilingCpu);
    }

    static void printCost(WorkPerOrder.Cost cost, boolean counted, double ceilingCpu) {
        int orders = cost.orders();
        WorkPerOrder.Delta gross = cost.gross().times(1.0 / orders);
        WorkPerOrder.Delta idle = cost.idle().times(1.0 / orders);
        WorkPerOrder.Delta net = cost.net().times(1.0 / orders);
        System.out.printf(
                "Work per order through SHIPPED (%d orders, 4 at a time, each followed with minVersion until"
                        + " CONFIRMED and SHIPPED, %.0f s, on a quiet system). Each figure: the window's total per order, and"
                        + " in brackets what the idle system does in as long (pollers, token claims, schedules, measured for"
                        + " 20 s before), then the difference, the orders' own work:%n",
                orders, cost.gross().seconds());
        if (counted) {
            System.out.printf(
                    "  PostgreSQL statements: %.1f [idle %.1f] = %.1f (command side %.1f, query side %.1f;"
                            + " BEGIN, COMMIT, SET not counted)%s%n",
                    gross.statements(),
                    idle.statements(),
                    net.statements(),
                    net.commandStatements(),
                    net.queryStatements(),
                    gross.otherStatements() > 0.05 ? String.format("; other roles %.1f", gross.otherStatements()) : "");
            System.out.printf(
                    "  transactions: %.1f [idle %.1f] = %.1f (pg_stat_database; explicit BEGINs: command"
                            + " side %.1f, query side %.1f)%n",
                    gross.transactions(),
                    idle.transactions(),
                    net.transactions(),
                    net.commandBegins(),
                    net.queryBegins());
            if (cost.gross().evicted() > 0) {
                System.out.printf(
                        "  (pg_stat_statements evicted %d entries in the window: statements undercounted)%n",
                        cost.gross().evicted());
            }
        }
        System.out.printf(
                "  WAL flushes: %.1f [idle %.1f] = %.1f (pg_stat_wal.wal_sync)%n",
                gross.walSyncs(), idle.walSyncs(), net.walSyncs());
        System.out.printf("  events stored: %.1f%n", gross.events());
        StringBuilder parts = new StringBuilder();
        net.byProcess()
                .forEach((process, seconds) -> parts.append(parts.isEmpty() ? "" : ", ")
                        .append(process)
                        .append(' ')
                        .append(String.format("%.2f", 1000 * seconds / gross.events())));
        double perEvent = gross.events() == 0 ? 0 : 1000 * net.cpu() / gross.events();
        double jitPerEvent = gross.events() == 0 ? 0 : 1000 * net.jit() / gross.events();
        System.out.printf(
                "  CPU per stored event: %.2f ms [idle %.2f] (%s) = %.1fx the CPU per row of the JDBC"
                        + " ceiling (%.3f ms, PostgreSQL and its client)%n",
                perEvent,
                gross.events() == 0 ? 0 : 1000 * idle.cpu() / gross.events(),
                parts,
                ceilingCpu == 0 ? 0 : perEvent / ceilingCpu,
                ceilingCpu);
        System.out.printf(
                "    of which the JVMs' JIT compiler threads %.2f ms (still compiling after the warm-up);"
                        + " without them %.2f ms = %.1fx the ceiling row%n",
                jitPerEvent, perEvent - jitPerEvent, ceilingCpu == 0 ? 0 : (perEvent - jitPerEvent) / ceilingCpu);
        System.out.printf(
                "  steal over the count: %.1f %%%s%n",
                100 * cost.gross().steal(),
                cost.gross().steal() > 0.05 ? "  (above 5 %: CPU figures of this run are inflated by the host)" : "");
        if (counted) {
            System.out.println("  statements per order, net of idle, by service (those at 0.5 or more):");
            net.byStatement().entrySet().stream()
                    .filter(statement -> statement.getValue() >= 0.5)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(statement ->
                            System.out.printf("    %5.1f  %s%n", statement.getValue(), statement.getKey()));
        }
    }

    /**
     * Cumulative counts of the query side's {@code tally.projection.delay} histogram by projection and
     * bucket bound (seconds).
     */
    private static Map<String, TreeMap<Double, Double>> delayBuckets(String query) throws Exception {
        Map<String, TreeMap<Double, Double>> buckets = new TreeMap<>();
        for (String line : get(query + "/actuator/prometheus", null).split("\n")) {
            if (line.startsWith("tally_projection_delay_seconds_bucket{")) {
                String projection = label(line, "projection");
                String le = label(line, "le");
                double bound = "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.computeIfAbsent(projection, k -> new TreeMap<>())
                        .put(bound, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return buckets;
    }

    private static String label(String line, String name) {
        int start = line.indexOf(name + "=\"") + name.length() + 2;
        return line.substring(start, line.indexOf('"', start));
    }

    /** The smallest bucket bound holding {@code share} of the window's events, e.g. "<= 120 ms". */
    private static String bucketPercentile(TreeMap<Double, Double> cumulative, double share) {
        double total = cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
        if (total <= 0) {
            return "-";
        }
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= share * total) {
                return bucket.getKey().isInfinite() ? "> 60 s" : String.format("<= %.0f ms", bucket.getKey() * 1000);
            }
        }
        return "-";
    }

    /** Heap used (bytes) and process CPU (0..1 of the machine) from the service's Prometheus endpoint. */
    private static double[] process(String base) throws Exception {
        double heap = 0;
        double cpu = 0;
        for (String line : get(base + "/actuator/prometheus", null).split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("process_cpu_usage")) {
                cpu = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return new double[] {heap, cpu};
    }

    private static long head(String url, String user, String password) throws Exception {
        try (Connection db = DriverManager.getConnection(url, user, password);
                ResultSet row = db.createStatement()
                        .executeQuery("SELECT coalesce(max(global_index), 0) FROM tally_events.domain_event_entry")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void post(String url, String token, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
        }
    }

    private static long percentile(List<Long> values, int p) {
        return values.isEmpty() ? 0 : ProjectionBenchmark.percentile(values, p);
    }

    /** An environment variable, or {@code fallback} when it is unset or blank. */
    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Waits {@code seconds}, printing where the run is every 10 s (stderr, so the figures stay clean). */
    private static void progress(String phase, long seconds, java.util.function.Supplier<String> status)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(Duration.ofNanos(left).toMillis(), 10_000));
            long done = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            if (done < seconds) {
                System.err.printf("  ... %s: %d of %d s%s%n", phase, done, seconds, status.get());
            }
        }
    }
}
