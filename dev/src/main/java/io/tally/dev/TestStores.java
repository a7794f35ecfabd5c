package io.tally.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;

/**
 * The stores every test in one JVM shares. {@code ./tally test} starts one PostgreSQL and one
 * Elasticsearch for the whole run and passes them as TALLY_DB_URL / TALLY_ES_URL; a test started
 * any other way (an IDE, {@code mvn test} in one module) starts its own once per JVM.
 */
public final class TestStores {

    private static TestStores instance;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String elasticsearchUrl;
    private final Tokens tokens;
    /** Who can stop and start Elasticsearch: the stores this JVM started, or StoresMain's control URL. */
    private final Stores local;

    private final String control;
    private final String gatewayUrl;
    /** The generated passwords of the roles (null for a database not started by Tally: then each is ""). */
    private final Path secrets;

    /** The key the simulator accepts: a test-mode key, which the production profile refuses. */
    public static final String GATEWAY_API_KEY = "sk_test_tally";

    private TestStores(
            String jdbcUrl,
            String user,
            String password,
            String elasticsearchUrl,
            Tokens tokens,
            Stores local,
            String control,
            Path secrets)
            throws IOException {
        this.jdbcUrl = jdbcUrl;
        this.secrets = secrets;
        this.user = user;
        this.password = password;
        this.elasticsearchUrl = elasticsearchUrl;
        this.tokens = tokens;
        this.local = local;
        this.control = control;
        this.gatewayUrl = gateway();
    }

    /** ./tally test's simulator (TALLY_GATEWAY_URL), or one in this JVM on a free port. */
    private static String gateway() throws IOException {
        String url = System.getenv("TALLY_GATEWAY_URL");
        if (url != null && !url.isBlank()) {
            return url;
        }
        io.tally.simulator.GatewaySimulator simulator =
                io.tally.simulator.GatewaySimulator.start(0, GATEWAY_API_KEY, null);
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::stop));
        return "http://127.0.0.1:" + simulator.port();
    }

    /** The card-processor simulator every service of this run talks to. */
    public String gatewayUrl() {
        return gatewayUrl;
    }

    public static synchronized TestStores get() {
        if (instance == null) {
            try {
                instance = create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    private static TestStores create() throws IOException, GeneralSecurityException {
        String keyDir = System.getenv("TALLY_KEYS_DIR");
        Tokens tokens =
                Tokens.loadOrCreate(keyDir != null ? Path.of(keyDir) : Files.createTempDirectory("tally-test-keys"));
        String dbUrl = System.getenv("TALLY_DB_URL");
        String esUrl = System.getenv("TALLY_ES_URL");
        if (dbUrl != null && esUrl != null) {
            String secrets = System.getenv("TALLY_DB_SECRETS");
            Path secretsDir = secrets == null || secrets.isBlank() ? null : Path.of(secrets);
            String user = envOr("TALLY_DB_USER", DatabasePasswords.SUPERUSER);
            return new TestStores(
                    dbUrl,
                    user,
                    envOr("TALLY_DB_PASSWORD", DatabasePasswords.readOrEmpty(secretsDir, user)),
                    esUrl,
                    tokens,
                    null,
                    System.getenv("TALLY_STORES_CONTROL"),
                    secretsDir);
        }
        // test data matters for one run only: commits need not reach the disk
        System.setProperty("tally.pg.durable", "false");
        Path home = Files.createTempDirectory("tally-test-stores");
        Stores stores = Stores.start(home, 0, 0, 512);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stores.close();
            } catch (IOException ignored) {
                // the JVM is going away; the temporary directory goes with the machine's cleanup
            }
        }));
        return new TestStores(
                "jdbc:postgresql://127.0.0.1:" + stores.postgresPort() + "/postgres",
                DatabasePasswords.SUPERUSER,
                stores.password(DatabasePasswords.SUPERUSER),
                stores.elasticsearchUrl(),
                tokens,
                stores,
                null,
                Stores.passwordsOf(home).dir());
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The password of a database role (DatabaseRoles), as a service or an attacker holding its credentials uses it. */
    public String password(String role) {
        return DatabasePasswords.readOrEmpty(secrets, role);
    }

    /** Where the roles' password files are, or null for a database not started by Tally. */
    public Path secrets() {
        return secrets;
    }

    public String elasticsearchUrl() {
        return elasticsearchUrl;
    }

    public Path publicKeyFile() {
        return tokens.publicKeyFile();
    }

    public String token(String subject, String... roles) {
        return tokens.mint(subject, List.of(roles), Duration.ofHours(1));
    }

    /**
     * The Spring Boot properties that point a service at these stores and this key pair. The
     * service's schema is migrated as {@code serviceRole}, so it is owned as in production; the
     * service itself connects as the superuser, because module tests seed and tamper with events
     * through it (the end-to-end tests run the services as their roles).
     */
    public java.util.Map<String, String> springProperties(String serviceRole) {
        return java.util.Map.ofEntries(
                java.util.Map.entry("spring.flyway.user", serviceRole),
                java.util.Map.entry("spring.flyway.password", password(serviceRole)),
                // module tests migrate the event store in-process as its owner; the services run without
                java.util.Map.entry("tally.axon.owner-username", DatabaseRoles.OWNER),
                java.util.Map.entry("tally.axon.owner-password", password(DatabaseRoles.OWNER)),
                java.util.Map.entry("spring.datasource.url", jdbcUrl),
                java.util.Map.entry("spring.datasource.username", user),
                java.util.Map.entry("spring.datasource.password", password),
                java.util.Map.entry("tally.elasticsearch.url", elasticsearchUrl),
                java.util.Map.entry("tally.security.dev-mode", "true"),
                java.util.Map.entry(
                        "spring.security.oauth2.resourceserver.jwt.public-key-location", "file:" + publicKeyFile()),
                java.util.Map.entry("tally.audit.seal-private-key", "file:" + tokens.sealKeyFiles()[0]),
                java.util.Map.entry("tally.audit.seal-public-key", "file:" + tokens.sealKeyFiles()[1]),
                java.util.Map.entry("tally.audit.export-private-key", "file:" + tokens.exportKeyFiles()[0]),
                java.util.Map.entry(
                        "tally.audit.seal-witness", sealWitnessFile().toString()),
                java.util.Map.entry("tally.privacy.key-encryption-key", "file:" + tokens.keyEncryptionKeyFile()),
                // both services' module tests seed events through their event store; in production only command-side
                // has it
                java.util.Map.entry("tally.audit.sealer-password", password(DatabaseRoles.SEALER)),
                java.util.Map.entry("tally.audit.event-mac-key", "file:" + tokens.eventMacKeyFile()),
                java.util.Map.entry("tally.payments.gateway.url", gatewayUrl),
                java.util.Map.entry("tally.payments.gateway.api-key", GATEWAY_API_KEY));
    }

    /** The seal witness of this run's event store, beside its keys: every service of the run shares it. */
    public Path sealWitnessFile() {
        return tokens.sealKeyFiles()[0].toAbsolutePath().getParent().resolve("seal-witness.log");
    }

    /** Stops the run's PostgreSQL; every service using it sees it down. */
    public void stopPostgres() throws IOException {
        control(Stores::stopPostgres, "/postgres/stop");
    }

    /** Starts it again on the same port and data. */
    public void startPostgres() throws IOException {
        control(Stores::startPostgres, "/postgres/start");
    }

    /** Whether a fault test can stop and start this run's PostgreSQL and Elasticsearch. */
    public boolean controlsStores() {
        return local != null || control != null;
    }

    /** Stops the run's Elasticsearch (SIGTERM); every service using it sees it down. */
    public void stopElasticsearch() throws IOException {
        control(Stores::stopElasticsearch, "/elasticsearch/stop");
    }

    /** Starts it again on the same port and data; returns once it is healthy. */
    public void startElasticsearch() throws IOException {
        control(Stores::startElasticsearch, "/elasticsearch/start");
    }

    private interface StoreAction {
        void apply(Stores stores) throws IOException;
    }

    /** Runs {@code action} on the stores this JVM started, or asks StoresMain's control endpoint for {@code path}. */
    private void control(StoreAction action, String path) throws IOException {
        if (local != null) {
            action.apply(local);
        } else {
            controlRequest(path);
        }
    }

    private void controlRequest(String path) throws IOException {
        if (control == null) {
            throw new IllegalStateException("these stores were not started by ./tally test; cannot control them");
        }
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection)
                java.net.URI.create(control + path).toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setReadTimeout(180_000);
        if (connection.getResponseCode() != 204) {
            throw new IOException("store control " + path + " answered " + connection.getResponseCode());
        }
    }

    public Tokens tokens() {
        return tokens;
    }
}
