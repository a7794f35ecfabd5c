package io.tally.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 15 (zonky's binaries from Maven Central) and a real Elasticsearch 8.19 (the
 * distribution Maven unpacked), both with their data under {@code home}. Elasticsearch refuses to
 * run as root, so a root caller runs it as the system user {@value #ES_USER}.
 */
public final class Stores implements AutoCloseable {

    static final String ES_USER = "tally";
    private static final Duration ES_START_TIMEOUT = Duration.ofSeconds(120);

    private volatile EmbeddedPostgres postgres;
    private volatile Process elasticsearch;
    private final int esPort;
    private Path esDir;
    private int esHeapMb;
    private Path pgDir;
    private int pgPort;
    // false once stopped through stopElasticsearch(): only a store that died by itself is restarted by
    // heal() (a stopped PostgreSQL is null)
    private volatile boolean elasticsearchWanted = true;

    private Stores(EmbeddedPostgres postgres, Process elasticsearch, int esPort) {
        this.postgres = postgres;
        this.elasticsearch = elasticsearch;
        this.esPort = esPort;
    }

    /**
     * @param home      where both stores keep their data; kept between starts
     * @param pgPort    0 for any free port, null to start no PostgreSQL
     * @param esPort    0 for any free port, null to start no Elasticsearch
     * @param esHeapMb  Elasticsearch's heap
     */
    public static Stores start(Path home, Integer pgPort, Integer esPort, int esHeapMb) throws IOException {
        Files.createDirectories(home);
        openForOthers(home);
        EmbeddedPostgres postgres =
                pgPort == null ? null : startPostgres(home.resolve("postgres"), pgPort == 0 ? freePort() : pgPort);
        int httpPort = esPort == null ? -1 : esPort == 0 ? freePort() : esPort;
        Stores stores = new Stores(postgres, null, httpPort);
        stores.remember(home, postgres);
        if (esPort == null) {
            return stores;
        }
        try {
            stores = new Stores(
                    postgres, startElasticsearch(home.resolve("elasticsearch"), httpPort, esHeapMb), httpPort);
            stores.remember(home, postgres);
            stores.esDir = home.resolve("elasticsearch");
            stores.esHeapMb = esHeapMb;
            stores.awaitElasticsearch();
        } catch (IOException | RuntimeException e) {
            stores.close();
            throw e;
        }
        return stores;
    }

    private void remember(Path home, EmbeddedPostgres started) {
        if (started != null) {
            pgDir = home.resolve("postgres");
            pgPort = started.getPort();
        }
    }

    public boolean runsPostgres() {
        return pgDir != null;
    }

    public boolean runsElasticsearch() {
        return elasticsearch != null;
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int postgresPort() {
        return pgPort;
    }

    public String elasticsearchUrl() {
        return "http://127.0.0.1:" + esPort;
    }

    /**
     * Durable unless asked otherwise (property {@code tally.pg.durable} or {@code TALLY_PG_DURABLE}
     * false, as the test run does): every commit is flushed to disk, as in production. The embedded
     * PostgreSQL's own defaults turn that off.
     */
    static boolean durable() {
        String value = System.getProperty("tally.pg.durable", System.getenv("TALLY_PG_DURABLE"));
        return value == null || !value.equalsIgnoreCase("false");
    }

    /** The passwords of the PostgreSQL in {@code home}: {@code home/secrets}, 0700. */
    public static DatabasePasswords passwordsOf(Path home) {
        return new DatabasePasswords(home.toAbsolutePath().resolve("secrets"));
    }

    /** The generated password of {@code role} of this PostgreSQL. */
    public String password(String role) throws IOException {
        return passwordsOf(pgDir.getParent()).of(role);
    }

    private static EmbeddedPostgres startPostgres(Path dir, int port) throws IOException {
        String flush = durable() ? "on" : "off";
        DatabasePasswords passwords = passwordsOf(dir.toAbsolutePath().getParent());
        String superuser = passwords.of(DatabasePasswords.SUPERUSER);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setConnectConfig("password", superuser)
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", flush)
                .setServerConfig("synchronous_commit", flush)
                // statements counted per role, so ./tally bench can print the work per order of each service
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("pg_stat_statements.max", "10000");
        if (!Files.exists(dir.resolve("postgresql.conf"))) {
            // a new cluster asks for passwords from its first start (initdb --auth, --pwfile; zonky's own
            // "-A trust" comes first on initdb's command line, so these win)
            builder.setLocaleConfig("auth", "scram-sha-256")
                    .setLocaleConfig(
                            "pwfile",
                            passwords.fileOf(DatabasePasswords.SUPERUSER).toString());
        }
        EmbeddedPostgres postgres = builder.start();
        try (java.sql.Connection connection = postgres.getPostgresDatabase().getConnection()) {
            DatabaseRoles.prepare(connection);
            DatabaseRoles.setPasswords(connection, passwords);
            // a cluster made by an earlier release trusted every local connection: from now on it asks
            askForPasswords(dir, connection);
        } catch (java.sql.SQLException e) {
            postgres.close();
            throw new IOException("preparing the database roles failed", e);
        }
        return postgres;
    }

    static final String HBA = """
            # Written by Tally's embedded stores (dev/Stores.java): every connection proves its role's password.
            # The passwords are under .tally/stores/secrets (0600); docs/security.md, "Database roles".
            local all all scram-sha-256
            host  all all 127.0.0.1/32 scram-sha-256
            host  all all ::1/128 scram-sha-256
            """;

    private static void askForPasswords(Path dir, java.sql.Connection superuser)
            throws IOException, java.sql.SQLException {
        Path hba = dir.resolve("pg_hba.conf");
        if (!Files.exists(hba) || !Files.readString(hba).equals(HBA)) {
            Files.writeString(hba, HBA);
            try (java.sql.Statement sql = superuser.createStatement()) {
                sql.execute("SELECT pg_reload_conf()");
            }
        }
    }

    /**
     * Restarts a store that died without being stopped (killed, crashed), as a service manager with
     * {@code Restart=on-failure} would; a store stopped on purpose stays stopped. Answers what it did,
     * or null when both were well. Run every few seconds by {@link StoresMain}.
     */
    public synchronized String heal() throws IOException {
        StringBuilder done = new StringBuilder();
        if (postgres != null && !postmasterAlive()) {
            try {
                postgres.close();
            } catch (IOException | RuntimeException e) {
                // pg_ctl stop of a server that is gone fails; its data directory stays
            }
            postgres = null;
            startPostgres();
            done.append("PostgreSQL restarted after it died. ");
        }
        if (elasticsearchWanted && esDir != null && (elasticsearch == null || !elasticsearch.isAlive())) {
            startElasticsearch();
            done.append("Elasticsearch restarted after it died.");
        }
        return done.isEmpty() ? null : done.toString().trim();
    }

    /** Whether the postmaster named in the data directory's postmaster.pid runs (a zombie does not). */
    private boolean postmasterAlive() {
        try {
            List<String> lines = Files.readAllLines(pgDir.resolve("postmaster.pid"));
            return !lines.isEmpty() && Liveness.runs(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** Stops PostgreSQL (a fast shutdown: open connections are cut); its data stays. */
    public synchronized void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /** Starts the stopped PostgreSQL again on the same port and data. */
    public synchronized void startPostgres() throws IOException {
        if (postgres == null) {
            postgres = startPostgres(pgDir, pgPort);
        }
    }

    /** Stops Elasticsearch as an operator would (SIGTERM); its data stays for {@link #startElasticsearch()}. */
    public synchronized void stopElasticsearch() {
        elasticsearchWanted = false;
        stop(elasticsearch);
    }

    /** Starts the stopped Elasticsearch again on the same port and data; returns once it is healthy. */
    public synchronized void startElasticsearch() throws IOException {
        elasticsearchWanted = true;
        if (elasticsearch != null && elasticsearch.isAlive()) {
            return;
        }
        elasticsearch = startElasticsearch(esDir, esPort, esHeapMb);
        awaitElasticsearch();
    }

    @Override
    public void close() throws IOException {
        stop(elasticsearch);
        if (postgres != null) {
            postgres.close();
        }
    }

    private static Process startElasticsearch(Path dir, int httpPort, int heapMb) throws IOException {
        Path distribution = distribution();
        Path config = dir.resolve("config");
        Path data = dir.resolve("data");
        Path logs = dir.resolve("logs");
        Path tmp = dir.resolve("tmp");
        Files.createDirectories(data);
        Files.createDirectories(logs);
        Files.createDirectories(tmp);
        // the index holds names and emails in plain text (search needs them): no other local user reads it
        for (Path own : new Path[] {dir, data}) {
            Files.setPosixFilePermissions(own, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        copyTree(distribution.resolve("config"), config);
        Files.writeString(
                config.resolve("elasticsearch.yml"),
                String.join(
                        "\n",
                        "cluster.name: tally",
                        "node.name: tally-dev",
                        "discovery.type: single-node",
                        "xpack.security.enabled: false",
                        "network.host: 127.0.0.1",
                        "http.port: " + httpPort,
                        "transport.port: " + freePort(),
                        "path.data: " + data.toAbsolutePath(),
                        "path.logs: " + logs.toAbsolutePath(),
                        "cluster.routing.allocation.disk.threshold_enabled: false",
                        "action.destructive_requires_name: false",
                        ""));
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            ensureUser();
            chown(dir);
            command.addAll(List.of("setpriv", "--reuid=" + ES_USER, "--regid=" + ES_USER, "--init-groups"));
        }
        command.add(distribution.resolve("bin/elasticsearch").toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve("console.log").toFile());
        builder.environment().put("ES_PATH_CONF", config.toAbsolutePath().toString());
        builder.environment().put("ES_TMPDIR", tmp.toAbsolutePath().toString());
        builder.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("ES_JAVA_OPTS", "-Xms" + heapMb + "m -Xmx" + heapMb + "m");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        return builder.start();
    }

    private void awaitElasticsearch() throws IOException {
        Instant deadline = Instant.now().plus(ES_START_TIMEOUT);
        URI health = URI.create(elasticsearchUrl() + "/_cluster/health?wait_for_status=yellow&timeout=1s");
        while (Instant.now().isBefore(deadline)) {
            if (!elasticsearch.isAlive()) {
                throw new IOException("Elasticsearch exited with " + elasticsearch.exitValue()
                        + "; see its console.log under the stores' home");
            }
            try {
                HttpURLConnection connection =
                        (HttpURLConnection) health.toURL().openConnection();
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(3000);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            sleep(500);
        }
        throw new IOException("Elasticsearch did not become healthy within " + ES_START_TIMEOUT);
    }

    /** The unpacked distribution: {@code -Dtally.es.home}, else the one Maven unpacked into dev/target. */
    static Path distribution() {
        String configured = System.getProperty("tally.es.home", System.getenv("TALLY_ES_HOME"));
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path unpacked = dir.resolve("dev/target/elasticsearch");
            if (Files.isDirectory(unpacked)) {
                try (Stream<Path> children = Files.list(unpacked)) {
                    return children.filter(p -> p.getFileName().toString().startsWith("elasticsearch-"))
                            .findFirst()
                            .orElseThrow(() -> new IllegalStateException("no distribution in " + unpacked));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("Elasticsearch distribution not found: build with mvn package first");
    }

    private static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void ensureUser() throws IOException {
        if (run("id", "-u", ES_USER) != 0
                && run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ES_USER) != 0) {
            throw new IOException("could not create the system user " + ES_USER + " to run Elasticsearch");
        }
    }

    private static void chown(Path dir) throws IOException {
        if (run("chown", "-R", ES_USER + ":" + ES_USER, dir.toAbsolutePath().toString()) != 0) {
            throw new IOException("could not hand " + dir + " to " + ES_USER);
        }
    }

    /** Lets the unprivileged Elasticsearch user reach its directory below a root-owned home. */
    private static void openForOthers(Path home) throws IOException {
        for (Path dir = home.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (dir.toString().startsWith(System.getProperty("java.io.tmpdir")) || dir.equals(home.toAbsolutePath())) {
                dir.toFile().setExecutable(true, false);
                dir.toFile().setReadable(true, false);
            }
        }
    }

    private static int run(String... command) throws IOException {
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
