package io.tally.bench;

import io.tally.dev.Tokens;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./tally bench peer [ORDERS] [ROUNDS] [WARMUP]}: Tally and the plain-Axon peer
 * ({@code io.tally.bench.peer}, started here as its own process on the same PostgreSQL and card
 * processor) costed side by side: the same orders through SHIPPED, in alternating rounds
 * (Tally, peer, Tally, peer, ...), each on a warm and quiet pair of systems. For each round: the
 * CPU of the system's own processes and PostgreSQL's (less what both do idle), commands per
 * CPU-second, statements, transactions and WAL flushes per order, CPU per stored event over CPU
 * per row of the JDBC ceiling; then Tally's commands per CPU-second as a share of the peer's,
 * round by round. The CPU of the JVMs' JIT compiler threads is shown apart and each figure also
 * without it: it is warm-up, and Tally's three JVMs are still compiling long after the peer's one
 * has settled. Tally does, on top, what the peer does not: idempotency keys, the hash chain and
 * seals, sealed personal data, Elasticsearch, tokens and limits.
 */
final class PeerBenchmark {

    /** Commands a one-line order costs through SHIPPED, in either system: quote, place, reserve,
     *  authorise, record the authorisation, confirm, ship, commit, capture, record the capture. */
    static final int COMMANDS_PER_ORDER = 10;

    private PeerBenchmark() {}

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        // both JVMs keep getting cheaper for the first thousands of orders (the peer's sooner): one
        // warmed far less than the other makes the ratio say nothing
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        String dbUrl = BenchMain.env("TALLY_DB_URL", "jdbc:postgresql://127.0.0.1:15432/postgres");
        String dbUser = BenchMain.env("TALLY_DB_USER", "postgres");
        String dbPassword = BenchMain.env("TALLY_DB_PASSWORD", "");
        Tokens tokens = Tokens.loadOrCreate(Path.of(BenchMain.env("TALLY_KEYS_DIR", ".tally/keys")));
        TallyOrderFlow tally = new TallyOrderFlow(
                "http://localhost:" + BenchMain.env("TALLY_COMMAND_PORT", "8080"),
                "http://localhost:" + BenchMain.env("TALLY_QUERY_PORT", "8081"),
                tokens.mint("bench-app", List.of("APP"), Duration.ofHours(2)),
                tokens.mint("bench-ops", List.of("OPS"), Duration.ofHours(2)),
                dbUrl,
                dbUser,
                dbPassword);
        int port = Integer.parseInt(BenchMain.env("TALLY_PEER_PORT", "18091"));
        PeerOrderFlow peer = new PeerOrderFlow("http://localhost:" + port, dbUrl, dbUser, dbPassword);
        System.out.printf(
                "Tally and a plain-Axon peer, side by side: %d orders a round, %d rounds each, after %d orders"
                        + " of warm-up each, %d cores, %s%n",
                orders, rounds, warmUp, Runtime.getRuntime().availableProcessors(), Instant.now());

        WorkPerOrder work = new WorkPerOrder(dbUrl, dbUser, dbPassword);
        work.statementsAvailable();
        String peerPassword = freshSchema(dbUrl, dbUser, dbPassword);
        Process process = start(port, dbUrl, peerPassword);
        try {
            awaitUp(peer, process);
            List<OrderFlow> flows = List.of(tally, peer);
            Map<OrderFlow, List<String>> skus = new java.util.HashMap<>();
            for (OrderFlow flow : flows) {
                skus.put(flow, BenchMain.items(flow, "PEER"));
                System.err.printf("  ... warming %s up with %d orders%n", flow.name(), warmUp);
                work.runOrders(flow, skus.get(flow), warmUp, 4);
            }
            // the same host-normalised cost as ./tally bench cost: CPU per stored event over CPU per
            // row of the JDBC ceiling, for both systems
            double ceilingCpu = work.ceilingCpuMillisPerRow(4);
            System.out.printf(
                    "  CPU per row of the JDBC ceiling (4 connections, PostgreSQL and its client): %.3f ms%n",
                    ceilingCpu);
            WorkPerOrder.Delta idle = work.idle(tally);
            List<Double> ratios = new ArrayList<>();
            List<Double> steadyRatios = new ArrayList<>();
            Map<OrderFlow, WorkPerOrder.Cost> last = new java.util.HashMap<>();
            for (int round = 1; round <= rounds; round++) {
                double[][] perCpu = new double[flows.size()][];
                for (int i = 0; i < flows.size(); i++) {
                    OrderFlow flow = flows.get(i);
                    WorkPerOrder.Cost cost = work.round(flow, skus.get(flow), orders, 4, idle);
                    perCpu[i] = print(round, flow, cost, ceilingCpu);
                    last.put(flow, cost);
                }
                ratios.add(perCpu[0][0] / perCpu[1][0]);
                steadyRatios.add(perCpu[0][1] / perCpu[1][1]);
                System.out.printf(
                        "  round %d: Tally's commands per CPU-second are %.2fx the peer's (%.2fx without"
                                + " the JIT compilers)%n",
                        round, perCpu[0][0] / perCpu[1][0], perCpu[0][1] / perCpu[1][1]);
            }
            System.out.printf(
                    "Tally / plain Axon, commands per CPU-second: %.2fx (mean of %d rounds; %s)%n",
                    mean(ratios), rounds, rounded(ratios));
            System.out.printf(
                    "  without the JVMs' JIT compiler threads (compiling still, after the warm-up; Tally has"
                            + " three JVMs, the peer one): %.2fx (%s)%n",
                    mean(steadyRatios), rounded(steadyRatios));
            System.out.println(
                    "The peer's statements per order in the last round, net of idle (those at 0.5 or more):");
            last.get(peer).net().byStatement().entrySet().stream()
                    .filter(statement -> statement.getKey().startsWith(PeerOrderFlow.ROLE + " "))
                    .filter(statement -> statement.getValue() / orders >= 0.5)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(statement ->
                            System.out.printf("    %5.1f  %s%n", statement.getValue() / orders, statement.getKey()));
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    private static double mean(List<Double> ratios) {
        return ratios.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static List<String> rounded(List<Double> ratios) {
        return ratios.stream().map(r -> String.format("%.2f", r)).toList();
    }

    /**
     * One round's line; answers the flow's commands per CPU-second, and the same without the CPU
     * of its JVMs' JIT compiler threads.
     */
    private static double[] print(int round, OrderFlow flow, WorkPerOrder.Cost cost, double ceilingCpu) {
        WorkPerOrder.Delta net = cost.net();
        double cpu = net.cpu(flow.processes());
        double jit = net.jit(flow.processes());
        double perCpu = COMMANDS_PER_ORDER * cost.orders() / cpu;
        StringBuilder parts = new StringBuilder();
        for (String process : flow.processes()) {
            parts.append(parts.isEmpty() ? "" : ", ")
                    .append(process)
                    .append(' ')
                    .append(String.format("%.1f", net.cpuSeconds().getOrDefault(process, 0.0)));
        }
        double statements = flow instanceof TallyOrderFlow ? net.statements() : net.otherStatements();
        System.out.printf(
                "  round %d  %-10s %d orders in %.0f s; CPU %.1f s (%s; JIT compilers %.1f); %.0f commands"
                        + " per CPU-second (%.0f without the JIT compilers); per order: %.1f statements, %.1f"
                        + " transactions, %.1f WAL flushes, %.1f events; steal %.1f %%%n",
                round,
                flow.name(),
                cost.orders(),
                cost.gross().seconds(),
                cpu,
                parts,
                jit,
                perCpu,
                COMMANDS_PER_ORDER * cost.orders() / (cpu - jit),
                statements / cost.orders(),
                net.transactions() / cost.orders(),
                net.walSyncs() / cost.orders(),
                cost.gross().events() / cost.orders(),
                100 * cost.gross().steal());
        double events = cost.gross().events();
        if (events > 0 && ceilingCpu > 0) {
            System.out.printf(
                    "           %-10s CPU per stored event %.2f ms = %.1fx the ceiling row (%.2f ms = %.1fx"
                            + " without the JIT compilers)%n",
                    flow.name(),
                    1000 * cpu / events,
                    1000 * cpu / events / ceilingCpu,
                    1000 * (cpu - jit) / events,
                    1000 * (cpu - jit) / events / ceilingCpu);
        }
        return new double[] {perCpu, COMMANDS_PER_ORDER * cost.orders() / (cpu - jit)};
    }

    /**
     * The peer's own role and an empty schema for it, so each run starts alike and its statements count apart;
     * answers the role's password, new for each run (the embedded PostgreSQL asks every connection for one).
     */
    private static String freshSchema(String dbUrl, String dbUser, String dbPassword) throws Exception {
        byte[] random = new byte[18];
        new java.security.SecureRandom().nextBytes(random);
        String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try (Connection db = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
                Statement sql = db.createStatement()) {
            sql.execute("DROP SCHEMA IF EXISTS " + PeerOrderFlow.ROLE + " CASCADE");
            sql.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + PeerOrderFlow.ROLE
                    + "') THEN CREATE ROLE " + PeerOrderFlow.ROLE + " LOGIN; END IF; END $$");
            sql.execute("CREATE SCHEMA " + PeerOrderFlow.ROLE + " AUTHORIZATION " + PeerOrderFlow.ROLE);
            sql.execute("ALTER ROLE " + PeerOrderFlow.ROLE + " PASSWORD '" + password + "'");
        }
        return password;
    }

    private static Process start(int port, String dbUrl, String password) throws Exception {
        Path log = Path.of(BenchMain.env("TALLY_HOME", ".tally"), "logs", "peer.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Daxoniq.update-checker.disabled=true",
                "-cp",
                System.getProperty("java.class.path"),
                "io.tally.bench.peer.PeerApplication");
        builder.environment()
                .putAll(Map.of(
                        "PEER_PORT",
                        Integer.toString(port),
                        "PEER_DB_URL",
                        dbUrl,
                        "PEER_DB_USER",
                        PeerOrderFlow.ROLE,
                        "PEER_DB_PASSWORD",
                        password));
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(new File(log.toString())));
        System.err.println("  ... starting the plain-Axon peer on port " + port + " (log: " + log + ")");
        return builder.start();
    }

    private static void awaitUp(PeerOrderFlow peer, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the peer stopped at start; see its log");
            }
            try {
                HttpResponse<String> probe = OrderFlow.send("GET", peer.base() + "/api/orders/none", null, null);
                if (probe.statusCode() == 404) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the peer did not start within 120 s");
    }
}
