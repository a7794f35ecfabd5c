package io.tally.e2e;

import static org.awaitility.Awaitility.await;

import io.tally.dev.DatabaseRoles;
import io.tally.dev.TestStores;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Both services started from their executable jars, as {@code ./tally up} starts them, against
 * the test run's PostgreSQL and Elasticsearch. Shared by every end-to-end test in the JVM.
 */
final class RunningSystem {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** The issuer the services check, docker-compose's default ({@code TALLY_JWT_ISSUER_URI}). */
    static final String ISSUER = "http://localhost:8180/realms/tally";

    private static RunningSystem instance;
    private static RunningSystem stockAxon;

    final TestStores stores = TestStores.get();
    final int commandPort;
    final int queryPort;
    /** Short, so the tests can watch the saga's deadline fire. */
    static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newHttpClient();
    private final java.util.Map<String, Process> processes = new java.util.LinkedHashMap<>();

    /**
     * The head of the log before this run's services started: what the end-to-end tests create
     * lies after it (the module tests before them left synthetic histories in the same store).
     */
    final long firstGlobalIndex;
    /** The database this system's services use: the test run's, or one of its own. */
    final String dbUrl;
    /** Before every process name of this system (its logs, {@link #killProcess}...): empty for the shared one. */
    final String prefix;
    /** Before every Elasticsearch index and alias of this system. */
    final String indexPrefix;
    /** What every process of this system gets over the test run's environment. */
    private final java.util.Map<String, String> systemEnvironment;

    private RunningSystem() throws IOException, InterruptedException {
        this(TestStores.get().jdbcUrl(), "", "", java.util.Map.of());
    }

    private RunningSystem(String dbUrl, String prefix, String indexPrefix, java.util.Map<String, String> environment)
            throws IOException, InterruptedException {
        this.dbUrl = dbUrl;
        this.prefix = prefix;
        this.indexPrefix = indexPrefix;
        this.systemEnvironment = java.util.Map.copyOf(environment);
        commandPort = freePort();
        queryPort = freePort();
        // scoped even on a database of its own (no event store yet: -1): the check judges the payments
        // of this system's log only, not every movement of the gateway the systems share
        firstGlobalIndex = Math.max(0, currentHead());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
        migrate(dbUrl);
        start("command-side", commandPort);
        start("query-side", queryPort);
    }

    /**
     * Both services on stock Axon ({@code TALLY_AXON_STOCK=all}, every departure of
     * docs/axon-departures.md off), on a database, index prefix and seal witness of their own,
     * their processes named {@code stock-...}: the oracle the shared scenario suite
     * ({@link AxonScenarios}) holds Tally's departures to. Started on first use, shared after.
     */
    static synchronized RunningSystem stockAxon() throws Exception {
        if (stockAxon == null) {
            get();
            TestStores stores = TestStores.get();
            // a database of its own per run (a rerun in the same store finds the last one's left for inspection)
            String database = "tally_stock_axon_" + Long.toHexString(System.nanoTime());
            String url;
            try (java.sql.Connection admin =
                            java.sql.DriverManager.getConnection(stores.jdbcUrl(), stores.user(), stores.password());
                    java.sql.Statement create = admin.createStatement()) {
                create.execute("CREATE DATABASE " + database);
                url = stores.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
            }
            // the roles' grants in it, as the stores make them in the test run's database
            try (java.sql.Connection db = java.sql.DriverManager.getConnection(url, stores.user(), stores.password())) {
                DatabaseRoles.prepare(db);
            }
            Path witness = Path.of("target", "stock-axon-seal-witness.log").toAbsolutePath();
            Files.deleteIfExists(witness);
            stockAxon = new RunningSystem(
                    url,
                    "stock-",
                    "stock-",
                    java.util.Map.of(
                            "TALLY_AXON_STOCK",
                            "all",
                            "TALLY_ES_INDEX_PREFIX",
                            "stock-",
                            "TALLY_SEAL_WITNESS",
                            witness.toString()));
        }
        return stockAxon;
    }

    /** Stops the stock system's processes, if it was started; its database stays for inspection. */
    static synchronized void stopStockAxon() {
        if (stockAxon != null) {
            stockAxon.stop();
        }
    }

    static synchronized RunningSystem get() throws IOException, InterruptedException {
        if (instance == null) {
            // the logs are this run's (one JVM runs the suite): tests that search them for secrets or
            // refusals must not find an earlier run's lines in a build directory nobody cleaned
            Path logs = Path.of("target", "e2e-logs");
            if (Files.isDirectory(logs)) {
                try (java.util.stream.Stream<Path> files = Files.list(logs)) {
                    for (Path file :
                            files.filter(f -> f.toString().endsWith(".log")).toList()) {
                        Files.delete(file);
                    }
                }
            }
            instance = new RunningSystem();
        }
        return instance;
    }

    private void start(String service, int port) throws IOException, InterruptedException {
        start(service, service, port, java.util.Map.of());
    }

    /**
     * A second query-side projecting from the first event into its own schema and index prefix,
     * started and left running under {@code name}; {@link #stopProcess} stops it.
     */
    int startFreshQuerySide(String name, String schema, String indexPrefix) throws IOException, InterruptedException {
        int port = freePort();
        start(
                name,
                "query-side",
                port,
                java.util.Map.of("TALLY_QUERY_SCHEMA", schema, "TALLY_ES_INDEX_PREFIX", indexPrefix));
        return port;
    }

    /** A second instance of a service on the same stores and schemas, under {@code name}. */
    int startInstance(String name, String service) throws IOException, InterruptedException {
        int port = freePort();
        start(name, service, port, java.util.Map.of());
        return port;
    }

    /** An instance of a service with these environment variables over the test run's, under {@code name}. */
    int startWith(String name, String service, java.util.Map<String, String> environment)
            throws IOException, InterruptedException {
        int port = freePort();
        start(name, service, port, environment);
        return port;
    }

    /** An instance on a port chosen beforehand (one an identity provider must know), under {@code name}. */
    int startOn(String name, String service, int port, java.util.Map<String, String> environment)
            throws IOException, InterruptedException {
        start(name, service, port, environment);
        return port;
    }

    /**
     * The event store's migration as its owner, the step ./tally up and docker-compose run before
     * the services, which hold no owner credentials (issue 34, point 3).
     */
    void migrate(String databaseUrl) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        jarOf("command-side").toString(),
                        io.tally.axon.eventstore.MigrateEventStore.COMMAND)
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(logOf("migrate").toFile()));
        Files.createDirectories(logOf("migrate").getParent());
        builder.environment().put("TALLY_DB_URL", databaseUrl);
        builder.environment().put("TALLY_DB_OWNER_USER", DatabaseRoles.OWNER);
        builder.environment().put("TALLY_DB_OWNER_PASSWORD", stores.password(DatabaseRoles.OWNER));
        builder.environment().remove("TALLY_DB_PASSWORD");
        builder.environment().remove("TALLY_DB_SECRETS");
        builder.environment().put("TALLY_COMMAND_DB_USER", DatabaseRoles.COMMAND);
        builder.environment().put("TALLY_QUERY_DB_USER", DatabaseRoles.QUERY);
        builder.environment().put("TALLY_SEALER_DB_USER", DatabaseRoles.SEALER);
        Process migration = builder.start();
        if (!migration.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || migration.exitValue() != 0) {
            throw new IllegalStateException(
                    "migrating the event store of " + databaseUrl + " failed: see " + logOf("migrate"));
        }
    }

    /** An empty database of its own in the run's PostgreSQL; answers its JDBC URL. */
    String newDatabase(String name) throws java.sql.SQLException {
        try (java.sql.Connection admin =
                        java.sql.DriverManager.getConnection(stores.jdbcUrl(), stores.user(), stores.password());
                java.sql.Statement create = admin.createStatement()) {
            create.execute("CREATE DATABASE " + name);
        }
        return stores.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    /**
     * Both services on a database of their own, with their own index prefix and seal witness, as
     * {@code <name>-command-side} and {@code <name>-query-side}; answers their ports.
     */
    int[] startSystemOn(String name, String databaseUrl, Path witness, java.util.Map<String, String> more)
            throws IOException, InterruptedException {
        java.util.Map<String, String> environment = new java.util.HashMap<>(more);
        migrate(databaseUrl);
        environment.put("TALLY_DB_URL", databaseUrl);
        environment.put("TALLY_ES_INDEX_PREFIX", name + "-");
        environment.put("TALLY_SEAL_WITNESS", witness.toString());
        return new int[] {
            startWith(name + "-command-side", "command-side", environment),
            startWith(name + "-query-side", "query-side", environment)
        };
    }

    void stopSystem(String name) throws InterruptedException {
        stopProcess(name + "-query-side");
        stopProcess(name + "-command-side");
    }

    /** Kills an instance started by {@link #startInstance} without warning (SIGKILL). */
    void killProcess(String name) throws InterruptedException {
        Process process = processes.remove(prefix + name);
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    void stopProcess(String name) throws InterruptedException {
        Process process = processes.remove(prefix + name);
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Starts an instance without waiting for it to become healthy; its output goes to {@link #logOf}. */
    Process launch(String name, String service, int port, java.util.Map<String, String> environment)
            throws IOException {
        Path jar = jarOf(service);
        SERVICE_OF_PORT.put(port, service);
        name = prefix + name;
        Files.createDirectories(logOf(name).getParent());
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx384m",
                        "-Daxoniq.update-checker.disabled=true",
                        "-jar",
                        jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logOf(name).toFile()));
        builder.environment().put("TALLY_DB_URL", dbUrl);
        // each service as its own role, as ./tally up and docker-compose run them
        builder.environment().remove("TALLY_DB_USER");
        builder.environment().remove("TALLY_DB_PASSWORD");
        builder.environment().remove("TALLY_DB_SECRETS");
        builder.environment().put("TALLY_COMMAND_DB_USER", DatabaseRoles.COMMAND);
        builder.environment().put("TALLY_QUERY_DB_USER", DatabaseRoles.QUERY);
        // each its own role's password only, as ./tally up hands them out
        if (service.equals("command-side")) {
            builder.environment().put("TALLY_COMMAND_DB_PASSWORD", stores.password(DatabaseRoles.COMMAND));
            builder.environment().put("TALLY_SEALER_DB_PASSWORD", stores.password(DatabaseRoles.SEALER));
        } else {
            builder.environment().put("TALLY_QUERY_DB_PASSWORD", stores.password(DatabaseRoles.QUERY));
        }
        // no owner credentials: the event store was migrated before (migrate), as a deployment does
        builder.environment().remove("TALLY_DB_OWNER_USER");
        builder.environment().put("TALLY_ES_URL", stores.elasticsearchUrl());
        // docker-compose's security settings: not dev mode, the compose realm's issuer and audience;
        // the test run's key stands in for the realm's (the tests choose each token's subject)
        builder.environment().put("TALLY_DEV_MODE", "false");
        builder.environment().put("TALLY_JWT_ISSUER_URI", ISSUER);
        builder.environment().put("TALLY_JWT_AUDIENCE", io.tally.dev.Tokens.AUDIENCE);
        builder.environment().put("TALLY_JWT_PUBLIC_KEY", "file:" + stores.publicKeyFile());
        builder.environment()
                .put("TALLY_SEAL_PRIVATE_KEY", "file:" + stores.tokens().sealKeyFiles()[0]);
        builder.environment()
                .put("TALLY_SEAL_PUBLIC_KEY", "file:" + stores.tokens().sealKeyFiles()[1]);
        builder.environment()
                .put("TALLY_EXPORT_PRIVATE_KEY", "file:" + stores.tokens().exportKeyFiles()[0]);
        builder.environment().put("TALLY_GATEWAY_URL", stores.gatewayUrl());
        builder.environment().put("TALLY_GATEWAY_API_KEY", io.tally.dev.TestStores.GATEWAY_API_KEY);
        builder.environment().put("TALLY_GATEWAY_TIMEOUT", "PT2S");
        builder.environment().put("TALLY_GATEWAY_RECONCILE_EVERY", "PT1S");
        builder.environment().put("TALLY_SEAL_WITNESS", stores.sealWitnessFile().toString());
        builder.environment().put("TALLY_PII_KEK", "file:" + stores.tokens().keyEncryptionKeyFile());
        builder.environment()
                .put("TALLY_EVENT_MAC_KEY", "file:" + stores.tokens().eventMacKeyFile());
        builder.environment().put("TALLY_SEALER_DB_USER", DatabaseRoles.SEALER);
        builder.environment().put("TALLY_SEAL_INTERVAL", "PT2S");
        builder.environment().put("TALLY_SEAL_SETTLE", "PT5S");
        builder.environment()
                .put(service.equals("command-side") ? "TALLY_COMMAND_PORT" : "TALLY_QUERY_PORT", String.valueOf(port));
        builder.environment().put("TALLY_PAYMENT_TIMEOUT", PAYMENT_TIMEOUT.toString());
        builder.environment().putAll(systemEnvironment);
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.put(name, process);
        return process;
    }

    /** The operating-system process of a running instance ({@code command-side}, {@code query-side}, ...). */
    ProcessHandle processOf(String name) {
        Process process = processes.get(prefix + name);
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.toHandle();
    }

    static Path logOf(String name) {
        return Path.of("target", "e2e-logs", name + ".log");
    }

    private void start(String name, String service, int port, java.util.Map<String, String> environment)
            throws IOException, InterruptedException {
        Process process = launch(name, service, port, environment);
        String named = prefix + name;
        Path logs = Path.of("target", "e2e-logs");
        await().alias(named + " becomes healthy")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(named + " exited; see " + logs.resolve(named + ".log"));
                    }
                    try {
                        return send("GET", port, "/actuator/health", null, null).statusCode() == 200;
                    } catch (IOException stillStarting) {
                        return false;
                    }
                });
    }

    private static Path jarOf(String service) throws IOException {
        Path target = Path.of("..", service, "target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no executable jar in " + target + "; run the build through the package phase"));
        }
    }

    /** Stops command-side the way an operator would (SIGTERM), runs {@code whileDown}, then starts it again. */
    void restartCommandSide(Runnable whileDown) throws IOException, InterruptedException {
        Process process = processes.remove(prefix + "command-side");
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        whileDown.run();
        start("command-side", commandPort);
    }

    /** Kills command-side without warning (SIGKILL), mid-command if it is busy, then starts it again. */
    void killAndRestartCommandSide() throws IOException, InterruptedException {
        killCommandSide();
        startCommandSide();
    }

    /** Kills command-side without warning (SIGKILL), mid-command if it is busy; {@link #startCommandSide} starts it. */
    void killCommandSide() throws InterruptedException {
        Process process = processes.remove(prefix + "command-side");
        process.destroyForcibly().waitFor();
    }

    void startCommandSide() throws IOException, InterruptedException {
        start("command-side", commandPort);
    }

    /** Kills query-side without warning (SIGKILL), mid-batch if it is busy, then starts it again. */
    void killAndRestartQuerySide() throws IOException, InterruptedException {
        Process process = processes.remove(prefix + "query-side");
        process.destroyForcibly().waitFor();
        start("query-side", queryPort);
    }

    /** How many documents of the {@code orders} index belong to this customer. */
    long searchCount(String customerId) throws IOException, InterruptedException {
        http.send(
                HttpRequest.newBuilder(URI.create(stores.elasticsearchUrl() + "/" + indexPrefix + "orders/_refresh"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(stores.elasticsearchUrl() + "/" + indexPrefix
                                + "orders/_count?q=customerId:" + customerId))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200
                ? JSON.readTree(response.body()).get("count").asLong()
                : -1;
    }

    /** Places an order of one unit of {@code sku} for {@code customerId}; answers its id. */
    String placeOrder(String customerId, String sku, String currency, String paymentToken) throws Exception {
        HttpResponse<String> response =
                command("POST", "/api/orders", """
                {"customerId":"%s","customerName":"Fault Tester","customerEmail":"fault@example.com",
                 "currency":"%s","lines":[{"sku":"%s","quantity":1}],"paymentToken":"%s"}""".formatted(customerId, currency, sku, paymentToken));
        if (response.statusCode() != 201) {
            throw new AssertionError("placing an order: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("orderId").asString();
    }

    /**
     * Waits until every order's PostgreSQL row and Elasticsearch document equal its last stored
     * event (status and version), and the index holds exactly one document per order.
     */
    void awaitReadModelsConverge(String customerId, java.util.List<String> orderIds, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String orderId : orderIds) {
                String stored = orderStatus(orderId);
                HttpResponse<String> row = query("/api/orders/" + orderId, "ANALYST");
                JsonNode doc = searchDocument("orders", orderId);
                org.assertj.core.api.Assertions.assertThat(row.statusCode())
                        .as(orderId + " row")
                        .isEqualTo(200);
                org.assertj.core.api.Assertions.assertThat(doc)
                        .as(orderId + " document")
                        .isNotNull();
                JsonNode view = JSON.readTree(row.body());
                org.assertj.core.api.Assertions.assertThat(java.util.List.of(
                                view.get("status").asString(),
                                doc.get("status").asString(),
                                doc.get("orderVersion").asLong()))
                        .as(orderId + ": row and document equal the stored status and the row's version")
                        .containsExactly(stored, stored, view.get("version").asLong());
            }
            org.assertj.core.api.Assertions.assertThat(searchCount(customerId))
                    .as("documents in the index for " + customerId)
                    .isEqualTo(orderIds.size());
        });
    }

    void stop() {
        for (Process process : processes.values()) {
            process.destroy();
        }
        for (Process process : processes.values()) {
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * {@code ./tally check} over the aggregates this run created (waits for a quiet log first);
     * appends its report and answers whether every rule held.
     */
    boolean checkInvariants(StringBuilder report) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        boolean held = io.tally.tools.check.CheckMain.check(
                new io.tally.tools.check.CheckMain.Target(
                        dbUrl,
                        stores.user(),
                        stores.password(),
                        stores.elasticsearchUrl(),
                        "tally_query",
                        indexPrefix,
                        stores.gatewayUrl(),
                        io.tally.dev.TestStores.GATEWAY_API_KEY),
                firstGlobalIndex,
                Duration.ofSeconds(5),
                Duration.ofSeconds(120),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        report.append(out.toString(java.nio.charset.StandardCharsets.UTF_8));
        return held;
    }

    /**
     * Follows {@code GET /api/admin/projections/{name}} (as {@code ./tally replay} does) until the
     * replay that was started is over; hands every view seen to {@code eachView}, answers the last.
     */
    JsonNode awaitReplayFinished(String name, java.util.function.Consumer<JsonNode> eachView) {
        return await().alias(name + " finishes its replay")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            HttpResponse<String> response =
                                    send("GET", queryPort, "/api/admin/projections/" + name, token("OPS"), null);
                            if (response.statusCode() != 200) {
                                throw new AssertionError(name + ": " + response.statusCode() + " " + response.body());
                            }
                            JsonNode view = JSON.readTree(response.body());
                            eachView.accept(view);
                            return view;
                        },
                        view -> !view.get("replaying").asBoolean()
                                && view.get("lastReplay") != null
                                && !view.get("lastReplay").isNull());
    }

    /** Every bearer token the tests sent, so that one test can look for them where they must not be. */
    final java.util.Set<String> tokensUsed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A token of {@link #ISSUER} for this subject and roles, signed with the test run's key. */
    String token(String subject, String... roles) {
        return stores.tokens()
                .mint(
                        ISSUER,
                        io.tally.dev.Tokens.AUDIENCE,
                        subject,
                        java.util.List.of(roles),
                        java.time.Instant.now(),
                        java.time.Instant.now().plus(Duration.ofHours(1)));
    }

    String token(String role) {
        String token = token("e2e-" + role.toLowerCase(), role);
        tokensUsed.add(token);
        return token;
    }

    HttpResponse<String> command(String method, String path, String json) throws IOException, InterruptedException {
        return send(method, commandPort, path, token("APP"), json);
    }

    HttpResponse<String> query(String path, String role) throws IOException, InterruptedException {
        return send("GET", queryPort, path, token(role), null);
    }

    HttpResponse<String> send(String method, int port, String path, String token, String json)
            throws IOException, InterruptedException {
        return send(method, port, path, token, json, java.util.Map.of());
    }

    HttpResponse<String> send(
            String method, int port, String path, String token, String json, java.util.Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        ContractValidator.check(SERVICE_OF_PORT.get(port), port, method, path, json, headers, response);
        return response;
    }

    /** Which service listens on a port this run started (for the contract check of its answers). */
    private static final java.util.Map<Integer, String> SERVICE_OF_PORT =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A document of the Elasticsearch index as Elasticsearch itself answers it, or null while absent. */
    JsonNode searchDocument(String index, String id) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(
                                URI.create(stores.elasticsearchUrl() + "/" + indexPrefix + index + "/_doc/" + id))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()).get("_source") : null;
    }

    /** How many events of this simple type ({@code OrderConfirmedEvent}) the aggregate has in this system's log. */
    long countEvents(String aggregateId, String eventType) throws java.sql.SQLException {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(dbUrl, stores.user(), stores.password());
                java.sql.PreparedStatement query =
                        db.prepareStatement("SELECT count(*) FROM tally_events.domain_event_entry"
                                + " WHERE aggregate_identifier = ? AND payload_type LIKE ?")) {
            query.setString(1, aggregateId);
            query.setString(2, "%." + eventType);
            try (java.sql.ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** How many snapshots the aggregate has in this system's store. */
    long countSnapshots(String aggregateId) throws java.sql.SQLException {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(dbUrl, stores.user(), stores.password());
                java.sql.PreparedStatement query = db.prepareStatement(
                        "SELECT count(*) FROM tally_events.snapshot_event_entry WHERE aggregate_identifier = ?")) {
            query.setString(1, aggregateId);
            try (java.sql.ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** An order's status as its last stored event says. */
    String orderStatus(String orderId) throws java.sql.SQLException {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(dbUrl, stores.user(), stores.password());
                java.sql.PreparedStatement query = db.prepareStatement("""
                     SELECT payload_type FROM tally_events.domain_event_entry
                      WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1""")) {
            query.setString(1, orderId);
            try (java.sql.ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                return switch (rows.getString(1)) {
                    case "io.tally.api.order.OrderPlacedEvent" -> "PLACED";
                    case "io.tally.api.order.OrderConfirmedEvent" -> "CONFIRMED";
                    case "io.tally.api.order.OrderShippedEvent" -> "SHIPPED";
                    case "io.tally.api.order.OrderRejectedEvent" -> "REJECTED";
                    case "io.tally.api.order.OrderCancelledEvent" -> "CANCELLED";
                    default -> rows.getString(1);
                };
            }
        }
    }

    /** Waits until the order reaches one of {@code statuses}, and answers the one it reached. */
    String awaitOrderStatus(String orderId, Duration timeout, String... statuses) {
        return await().alias("order " + orderId + " reaches one of " + java.util.Arrays.toString(statuses))
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> orderStatus(orderId),
                        status -> java.util.Arrays.asList(statuses).contains(status));
    }

    /** Registers an item and receives {@code onHand} units of it. */
    void stock(String sku, long unitPrice, int taxRateBasisPoints, long onHand)
            throws IOException, InterruptedException {
        HttpResponse<String> registered =
                command("POST", "/api/inventory", """
                {"sku":"%s","name":"Item %s","unitPrice":{"amount":%d,"currency":"EUR"},"taxRateBasisPoints":%d}
                """.formatted(sku, sku, unitPrice, taxRateBasisPoints));
        if (registered.statusCode() != 201) {
            throw new IllegalStateException("registering " + sku + ": " + registered.body());
        }
        if (onHand > 0) {
            command("POST", "/api/inventory/" + sku + "/receipts", "{\"quantity\":" + onHand + "}");
        }
    }

    /** Waits until the inventory read model shows these levels; fails with the last levels seen. */
    void awaitLevels(String sku, long onHand, long reserved) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    HttpResponse<String> item = query("/api/inventory/" + sku, "ANALYST");
                    org.assertj.core.api.Assertions.assertThat(item.statusCode())
                            .as(item.body())
                            .isEqualTo(200);
                    JsonNode view = JSON.readTree(item.body());
                    org.assertj.core.api.Assertions.assertThat(java.util.List.of(
                                    view.get("onHand").asLong(),
                                    view.get("reserved").asLong(),
                                    view.get("available").asLong()))
                            .as(sku + " onHand, reserved, available")
                            .containsExactly(onHand, reserved, onHand - reserved);
                });
    }

    private long currentHead() {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(dbUrl, stores.user(), stores.password());
                java.sql.ResultSet row = db.createStatement()
                        .executeQuery("SELECT coalesce(max(global_index), -1) FROM tally_events.domain_event_entry")) {
            row.next();
            return row.getLong(1);
        } catch (java.sql.SQLException noEventStoreYet) {
            return -1;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
