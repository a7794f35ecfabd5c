package io.tally.bench;

import io.tally.dev.DatabaseRoles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Work counted per order, the figures a shared VM cannot blur: a fixed number of orders, each
 * placed, followed with {@code minVersion} until CONFIRMED, shipped and followed until SHIPPED, as
 * a client would, on a system left quiet before and after (every projection caught up, the log's
 * head still). Over that window it takes the deltas of PostgreSQL's own counters
 * ({@code pg_stat_statements} by database role, so split by service; {@code pg_stat_database};
 * {@code pg_stat_wal}), the CPU of every process of the system from {@code /proc}, and the host's
 * steal from {@code /proc/stat}, and divides by the orders.
 */
final class WorkPerOrder {

    /** Linux's USER_HZ: {@code /proc} counts CPU in hundredths of a second. */
    private static final double TICKS_PER_SECOND = 100;
    /** Suffix of the CPU entries that count a JVM's JIT compiler threads (already in its process's). */
    static final String JIT = " JIT";
    /** What HotSpot's JIT compiler threads are called (the name is cut at 15 characters). */
    private static final List<String> COMPILER_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre");

    private static final List<String> TRANSACTION_CONTROL =
            List.of("BEGIN", "COMMIT", "ROLLBACK", "SET", "SHOW", "SAVEPOINT", "RELEASE", "DISCARD", "DEALLOCATE");

    private final String dbUrl;
    private final String dbUser;
    private final String dbPassword;

    WorkPerOrder(String dbUrl, String dbUser, String dbPassword) {
        this.dbUrl = dbUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
    }

    /** PostgreSQL's counters and the processes' CPU at one moment. */
    record Snapshot(
            Map<String, Long> statements,
            Map<String, Long> begins,
            Map<String, Long> byStatement,
            long transactions,
            long walSyncs,
            long evicted,
            long head,
            Map<String, Long> cpuTicks,
            long[] hostTicks,
            long nanos) {}

    /** What happened between two snapshots, in totals; {@link #per} divides. */
    record Delta(
            double seconds,
            double commandStatements,
            double queryStatements,
            double otherStatements,
            double transactions,
            double commandBegins,
            double queryBegins,
            double walSyncs,
            double events,
            Map<String, Double> cpuSeconds,
            double steal,
            long evicted,
            Map<String, Double> byStatement) {

        /** This delta scaled: divided by {@code orders}, or scaled to another window's length. */
        Delta times(double factor) {
            Map<String, Double> cpu = new TreeMap<>();
            cpuSeconds.forEach((process, value) -> cpu.put(process, value * factor));
            Map<String, Double> statements = new TreeMap<>();
            byStatement.forEach((statement, calls) -> statements.put(statement, calls * factor));
            return new Delta(
                    seconds * factor,
                    commandStatements * factor,
                    queryStatements * factor,
                    otherStatements * factor,
                    transactions * factor,
                    commandBegins * factor,
                    queryBegins * factor,
                    walSyncs * factor,
                    events * factor,
                    cpu,
                    steal,
                    evicted,
                    statements);
        }

        Delta minus(Delta other) {
            Map<String, Double> cpu = new TreeMap<>();
            cpuSeconds.forEach(
                    (process, value) -> cpu.put(process, value - other.cpuSeconds.getOrDefault(process, 0.0)));
            Map<String, Double> statements = new TreeMap<>();
            byStatement.forEach((statement, calls) ->
                    statements.put(statement, calls - other.byStatement.getOrDefault(statement, 0.0)));
            return new Delta(
                    seconds,
                    commandStatements - other.commandStatements,
                    queryStatements - other.queryStatements,
                    otherStatements - other.otherStatements,
                    transactions - other.transactions,
                    commandBegins - other.commandBegins,
                    queryBegins - other.queryBegins,
                    walSyncs - other.walSyncs,
                    events - other.events,
                    cpu,
                    steal,
                    evicted,
                    statements);
        }

        double statements() {
            return commandStatements + queryStatements;
        }

        /** The CPU seconds of every process (their JIT compilers' included). */
        double cpu() {
            return cpuSeconds.entrySet().stream()
                    .filter(part -> !part.getKey().endsWith(JIT))
                    .mapToDouble(Map.Entry::getValue)
                    .sum();
        }

        /** The CPU seconds of these processes only (their JIT compilers' included). */
        double cpu(List<String> processes) {
            return processes.stream()
                    .mapToDouble(process -> cpuSeconds.getOrDefault(process, 0.0))
                    .sum();
        }

        /** The CPU seconds the JIT compiler threads of these processes' JVMs took, part of {@link #cpu(List)}. */
        double jit(List<String> processes) {
            return processes.stream()
                    .mapToDouble(process -> cpuSeconds.getOrDefault(process + JIT, 0.0))
                    .sum();
        }

        /** The CPU seconds of every JVM's JIT compiler threads, part of {@link #cpu()}. */
        double jit() {
            return cpuSeconds.entrySet().stream()
                    .filter(part -> part.getKey().endsWith(JIT))
                    .mapToDouble(Map.Entry::getValue)
                    .sum();
        }

        /** The processes' CPU seconds by process, without the parts that are their JIT compilers'. */
        Map<String, Double> byProcess() {
            Map<String, Double> processes = new TreeMap<>();
            cpuSeconds.forEach((process, seconds) -> {
                if (!process.endsWith(JIT)) {
                    processes.put(process, seconds);
                }
            });
            return processes;
        }
    }

    /** The orders' work, gross, and the idle system's own over as long (pollers, claims, schedules). */
    record Cost(int orders, Delta gross, Delta idle) {

        Delta net() {
            return gross.minus(idle);
        }
    }

    /** Makes sure {@code pg_stat_statements} can be read (the stores preload it); false when it cannot. */
    boolean statementsAvailable() {
        try (Connection db = connect();
                Statement sql = db.createStatement()) {
            sql.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            sql.executeQuery("SELECT count(*) FROM pg_stat_statements").close();
            return true;
        } catch (SQLException e) {
            System.out.println("  (pg_stat_statements is not loaded: "
                    + e.getMessage().lines().findFirst().orElse("")
                    + "; restart the stores with ./tally down && ./tally up)");
            return false;
        }
    }

    Snapshot snapshot(OrderFlow flow) throws Exception {
        Map<String, Long> statements = new TreeMap<>();
        Map<String, Long> commits = new TreeMap<>();
        Map<String, Long> byStatement = new TreeMap<>();
        long transactions;
        long walSyncs;
        long evicted;
        try (Connection db = connect();
                Statement sql = db.createStatement()) {
            String control = String.join("|", TRANSACTION_CONTROL);
            try (ResultSet rows = sql.executeQuery("""
                    SELECT r.rolname,
                           sum(s.calls) FILTER (WHERE s.query !~* '^\\s*(%s)\\y'),
                           sum(s.calls) FILTER (WHERE s.query ~* '^\\s*BEGIN\\y')
                      FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
                     WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                     GROUP BY r.rolname""".formatted(control))) {
                while (rows.next()) {
                    statements.put(rows.getString(1), rows.getLong(2));
                    commits.put(rows.getString(1), rows.getLong(3));
                }
            }
            try (ResultSet rows = sql.executeQuery(
                    """
                    SELECT r.rolname || ' ' || left(CASE WHEN q ~* '^SELECT ' AND strpos(upper(q), ' FROM ') > 0
                               THEN 'SELECT ... ' || substr(q, strpos(upper(q), ' FROM ') + 1) ELSE q END, 120),
                           sum(s.calls)
                      FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid,
                           LATERAL (SELECT regexp_replace(s.query, '\\s+', ' ', 'g') AS q) folded
                     WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                       AND r.rolname IN ('%s', '%s', '%s') AND s.query !~* '^\\s*(%s)\\y'
                     GROUP BY 1""".formatted(DatabaseRoles.COMMAND, DatabaseRoles.QUERY, PeerOrderFlow.ROLE, control))) {
                while (rows.next()) {
                    byStatement.put(rows.getString(1), rows.getLong(2));
                }
            }
            try (ResultSet row = sql.executeQuery("SELECT xact_commit + xact_rollback FROM pg_stat_database"
                    + " WHERE datname = current_database()")) {
                row.next();
                transactions = row.getLong(1);
            }
            try (ResultSet row = sql.executeQuery("SELECT wal_sync FROM pg_stat_wal")) {
                row.next();
                walSyncs = row.getLong(1);
            }
            try (ResultSet row = sql.executeQuery("SELECT dealloc FROM pg_stat_statements_info")) {
                row.next();
                evicted = row.getLong(1);
            }
        }
        return new Snapshot(
                statements,
                commits,
                byStatement,
                transactions,
                walSyncs,
                evicted,
                flow.head(),
                cpuTicks(),
                hostTicks(),
                System.nanoTime());
    }

    /**
     * Runs {@code orders} orders through SHIPPED, {@code concurrency} at a time, between two quiet
     * snapshots, and answers their cost per order.
     */
    Cost measure(OrderFlow flow, List<String> skus, int orders, int concurrency) throws Exception {
        // a first round, not counted, so the figures are a warm system's, not the JIT compiler's
        // (CPU per order kept falling for the first few hundred orders of a fresh JVM)
        runOrders(flow, skus, Math.max(300, orders), concurrency);
        Delta idle = idle(flow);
        return round(flow, skus, orders, concurrency, idle);
    }

    /** What the quiet system does in 20 s (pollers, token claims, schedules), to take off every round. */
    Delta idle(OrderFlow flow) throws Exception {
        flow.awaitQuiet();
        Snapshot idleFrom = snapshot(flow);
        Thread.sleep(Duration.ofSeconds(20).toMillis());
        return between(idleFrom, snapshot(flow));
    }

    /** One counted round of {@code orders} orders on a warm, quiet system. */
    Cost round(OrderFlow flow, List<String> skus, int orders, int concurrency, Delta idle) throws Exception {
        flow.awaitQuiet();
        Snapshot before = snapshot(flow);
        runOrders(flow, skus, orders, concurrency);
        flow.awaitQuiet();
        Delta gross = between(before, snapshot(flow));
        return new Cost(orders, gross, idle.times(gross.seconds() / idle.seconds()));
    }

    void runOrders(OrderFlow flow, List<String> skus, int orders, int concurrency) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                String sku = skus.get(i % skus.size());
                done.add(clients.submit(() -> {
                    flow.orderThroughShipped(sku);
                    return null;
                }));
            }
            for (Future<?> order : done) {
                order.get();
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /** The system's work between two snapshots; the snapshots' own statements (this role) left out. */
    private Delta between(Snapshot before, Snapshot after) {
        String self = dbUser;
        long own = delta(after.statements(), before.statements(), self);
        Map<String, Double> byStatement = new TreeMap<>();
        after.byStatement()
                .forEach((statement, calls) -> byStatement.put(
                        statement, (double) (calls - before.byStatement().getOrDefault(statement, 0L))));
        Map<String, Double> cpu = new TreeMap<>();
        for (String process : after.cpuTicks().keySet()) {
            // a compiler thread is counted by its thread id (JIT + "#" + tid): one that ended since is
            // left out rather than taken off
            double seconds =
                    (after.cpuTicks().get(process) - before.cpuTicks().getOrDefault(process, 0L)) / TICKS_PER_SECOND;
            int thread = process.indexOf(JIT + "#");
            cpu.merge(thread < 0 ? process : process.substring(0, thread + JIT.length()), seconds, Double::sum);
        }
        long other = 0;
        for (String role : after.statements().keySet()) {
            if (!role.equals(DatabaseRoles.COMMAND) && !role.equals(DatabaseRoles.QUERY) && !role.equals(self)) {
                other += delta(after.statements(), before.statements(), role);
            }
        }
        return new Delta(
                (after.nanos() - before.nanos()) / 1e9,
                delta(after.statements(), before.statements(), DatabaseRoles.COMMAND),
                delta(after.statements(), before.statements(), DatabaseRoles.QUERY),
                other,
                after.transactions() - before.transactions() - own,
                delta(after.begins(), before.begins(), DatabaseRoles.COMMAND),
                delta(after.begins(), before.begins(), DatabaseRoles.QUERY),
                after.walSyncs() - before.walSyncs(),
                after.head() - before.head(),
                cpu,
                steal(before.hostTicks(), after.hostTicks()),
                after.evicted() - before.evicted(),
                byStatement);
    }

    /** CPU per row of the JDBC ceiling (PostgreSQL and this JVM, its client), in milliseconds. */
    double ceilingCpuMillisPerRow(int threads) throws Exception {
        // a first, discarded round compiles the client's code: a fresh JVM's JIT is not a row's cost
        JdbcCeiling.measureCounted(dbUrl, dbUser, dbPassword, threads, Duration.ofSeconds(3));
        Map<String, Long> before = cpuTicks();
        long self = selfTicks();
        JdbcCeiling.Ceiling ceiling =
                JdbcCeiling.measureCounted(dbUrl, dbUser, dbPassword, threads, Duration.ofSeconds(5));
        Map<String, Long> after = cpuTicks();
        long ticks = selfTicks() - self + after.getOrDefault("PostgreSQL", 0L) - before.getOrDefault("PostgreSQL", 0L);
        return ceiling.allRows() == 0 ? 0 : ticks / TICKS_PER_SECOND * 1000 / ceiling.allRows();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(dbUrl, dbUser, dbPassword);
    }

    private static long delta(Map<String, Long> after, Map<String, Long> before, String key) {
        return after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
    }

    /**
     * User + system CPU ticks of the system's processes, by what they are: PostgreSQL (the
     * postmaster and every backend), Elasticsearch, command-side, query-side.
     */
    static Map<String, Long> cpuTicks() throws IOException {
        Map<String, Long> ticks = new TreeMap<>(
                Map.of("PostgreSQL", 0L, "Elasticsearch", 0L, "command-side", 0L, "query-side", 0L, "peer", 0L));
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes
                    .filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String kind = kindOf(process);
                    if (kind != null) {
                        String stat = Files.readString(process.resolve("stat"));
                        // backends that ended (a closed connection) left their time to the postmaster
                        boolean postmaster = kind.equals("PostgreSQL") && !parentIsPostgres(stat);
                        ticks.merge(kind, ticksOf(stat) + (postmaster ? childTicksOf(stat) : 0), Long::sum);
                        if (!kind.equals("PostgreSQL")) {
                            compilerTicks(process, kind, ticks);
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while it was read
                }
            }
        }
        return ticks;
    }

    /**
     * A JVM's JIT compiler threads, each under {@code kind + JIT + "#" + thread id}: the compiling
     * a JVM does while it warms up (and after, at a falling rate), not work of the orders.
     */
    private static void compilerTicks(Path process, String kind, Map<String, Long> ticks) throws IOException {
        try (Stream<Path> threads = Files.list(process.resolve("task"))) {
            for (Path thread : threads.toList()) {
                try {
                    if (COMPILER_THREADS.contains(
                            Files.readString(thread.resolve("comm")).trim())) {
                        ticks.put(
                                kind + JIT + "#" + thread.getFileName(),
                                ticksOf(Files.readString(thread.resolve("stat"))));
                    }
                } catch (IOException gone) {
                    // the thread ended while it was read
                }
            }
        }
    }

    private static String kindOf(Path process) throws IOException {
        String comm = Files.readString(process.resolve("comm")).trim();
        if (comm.equals("postgres")) {
            return "PostgreSQL";
        }
        String commandLine = new String(Files.readAllBytes(process.resolve("cmdline"))).replace('\0', ' ');
        if (commandLine.contains("org.elasticsearch.bootstrap") || commandLine.contains("org.elasticsearch.server")) {
            return "Elasticsearch";
        }
        if (commandLine.contains("command-side-") && commandLine.contains(".jar")) {
            return "command-side";
        }
        if (commandLine.contains("query-side-") && commandLine.contains(".jar")) {
            return "query-side";
        }
        if (commandLine.contains("io.tally.bench.peer.PeerApplication")) {
            return "peer";
        }
        return null;
    }

    /** utime + stime of a {@code /proc/PID/stat} line (fields 14 and 15, after the command in parentheses). */
    static long ticksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** cutime + cstime: the CPU of ended children this process waited for (fields 16 and 17). */
    static long childTicksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    }

    private static boolean parentIsPostgres(String stat) {
        String parent = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1];
        try {
            return Files.readString(Path.of("/proc", parent, "comm")).trim().equals("postgres");
        } catch (IOException gone) {
            return false;
        }
    }

    private static long selfTicks() throws IOException {
        return ticksOf(Files.readString(Path.of("/proc/self/stat")));
    }

    /** The first line of {@code /proc/stat}: user nice system idle iowait irq softirq steal. */
    static long[] hostTicks() throws IOException {
        String[] fields =
                Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long[] ticks = new long[8];
        for (int i = 0; i < 8; i++) {
            ticks[i] = Long.parseLong(fields[i + 1]);
        }
        return ticks;
    }

    /** The share of the host's CPU time stolen between two {@link #hostTicks} readings. */
    static double steal(long[] before, long[] after) {
        long total = 0;
        for (int i = 0; i < 8; i++) {
            total += after[i] - before[i];
        }
        return total == 0 ? 0 : (after[7] - before[7]) / (double) total;
    }
}
