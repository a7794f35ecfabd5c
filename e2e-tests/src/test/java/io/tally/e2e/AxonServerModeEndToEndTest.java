package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Axon Server mode ({@code TALLY_AXON_SERVER_ENABLED=true}, docker-compose's opt-in profile) as far
 * as it can be tested without an Axon Server, which cannot be obtained here: both services start
 * (pointed at a port where nothing listens), what that mode cannot guarantee is refused with a
 * clear answer, and while Axon Server cannot be reached commands and queries (routed through it)
 * answer 503 problem+json instead of 500. Nothing here shows commands,
 * events or queries going through a real Axon Server.
 */
class AxonServerModeEndToEndTest {

    private static RunningSystem system;
    private static int commandPort;
    private static int queryPort;
    private static String database;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
        // a deployment of its own: processors of this mode claim segments in the token store and
        // then wait for Axon Server, so they must not share the run's database
        database =
                system.newDatabase("axonserver_" + UUID.randomUUID().toString().substring(0, 8));
        try (java.sql.Connection db =
                java.sql.DriverManager.getConnection(database, system.stores.user(), system.stores.password())) {
            io.tally.dev.DatabaseRoles.prepare(db);
        }
        system.migrate(database);
        Map<String, String> axonServer = Map.of(
                "TALLY_AXON_SERVER_ENABLED",
                "true",
                "TALLY_AXON_SERVER_SERVERS",
                "127.0.0.1:" + RunningSystem.freePort(),
                "TALLY_AXON_SERVER_TOKEN",
                "token-of-a-server-that-is-not-there",
                "TALLY_DB_URL",
                database,
                "TALLY_ES_INDEX_PREFIX",
                "axonserver-",
                "TALLY_SEAL_WITNESS",
                java.nio.file.Files.createTempFile("axonserver-witness", ".log").toString());
        commandPort = RunningSystem.freePort();
        queryPort = RunningSystem.freePort();
        system.launch("axonserver-command-side", "command-side", commandPort, axonServer);
        system.launch("axonserver-query-side", "query-side", queryPort, axonServer);
        awaitLive("axonserver-command-side", commandPort);
        awaitLive("axonserver-query-side", queryPort);
    }

    /** Live, not ready: readiness waits for Axon Server, which never comes. */
    private static void awaitLive(String name, int port) {
        await().alias(name + " starts")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    try {
                        return system.send("GET", port, "/actuator/health/liveness", null, null)
                                        .statusCode()
                                == 200;
                    } catch (IOException starting) {
                        return false;
                    }
                });
    }

    @AfterAll
    static void stop() throws Exception {
        system.stopProcess("axonserver-query-side");
        system.stopProcess("axonserver-command-side");
    }

    @Test
    void theAuditApiAndReplaysAreRefusedWithAReasonAfterTheRoleCheck() throws Exception {
        for (String path : new String[] {
            "/api/audit/verify", "/api/audit/streams/order/o-1", "/api/audit/events?limit=1", "/api/audit/export"
        }) {
            HttpResponse<String> answer = system.send("GET", queryPort, path, system.token("AUDITOR"), null);
            assertThat(answer.statusCode()).as(path).isEqualTo(501);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(answer.body())
                    .contains("not-available-with-axon-server", "hash chain and seals", "TALLY_AXON_SERVER_ENABLED");
        }
        HttpResponse<String> replay =
                system.send("POST", queryPort, "/api/admin/projections/orders/replay", system.token("OPS"), null);
        assertThat(replay.statusCode()).isEqualTo(501);
        assertThat(replay.body()).contains("not-available-with-axon-server", "replays");
        // the role matrix first: an analyst learns nothing about the audit API but that it is not theirs
        assertThat(system.send("GET", queryPort, "/api/audit/verify", system.token("ANALYST"), null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(system.send("GET", queryPort, "/api/audit/verify", null, null)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void whileAxonServerCannotBeReachedCommandsAndQueriesAnswer503AndNothingIsStored() throws Exception {
        String sku = "axs-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> command =
                system.send("POST", commandPort, "/api/inventory", system.token("APP"), """
                {"sku":"%s","name":"Unsent","unitPrice":{"amount":100,"currency":"EUR"},"taxRateBasisPoints":0}""".formatted(sku));
        assertUnavailable(command);
        HttpResponse<String> query = system.send("GET", queryPort, "/api/orders?size=1", system.token("ANALYST"), null);
        assertUnavailable(query);
        try (java.sql.Connection db =
                        java.sql.DriverManager.getConnection(database, system.stores.user(), system.stores.password());
                java.sql.Statement sql = db.createStatement()) {
            try (java.sql.ResultSet table = sql.executeQuery("SELECT to_regclass('tally_events.domain_event_entry')")) {
                table.next();
                if (table.getString(1) != null) {
                    try (java.sql.ResultSet stored =
                            sql.executeQuery("SELECT count(*) FROM tally_events.domain_event_entry")) {
                        stored.next();
                        assertThat(stored.getLong(1))
                                .as("nothing in the PostgreSQL event store")
                                .isZero();
                    }
                }
            }
        }
    }

    private static void assertUnavailable(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void anAbandonedClaimIsNotRunAgainWhenItsEventsCannotBeSearched() throws Exception {
        String path = "/api/inventory/axs-" + UUID.randomUUID().toString().substring(0, 8) + "/receipts";
        String key = UUID.randomUUID().toString();
        String body = "{\"quantity\":2}";
        // what an instance killed between the commit of the events and the stored answer leaves
        // behind: a claim of a minute ago, never completed (the fingerprint as IdempotencyFilter makes it)
        java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
        sha256.update(("POST " + path + "?null\nnull\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha256.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (java.sql.Connection db =
                        java.sql.DriverManager.getConnection(database, system.stores.user(), system.stores.password());
                java.sql.PreparedStatement abandoned = db.prepareStatement("""
                     INSERT INTO tally_command.idempotency_key (principal, key, fingerprint, created_at)
                     VALUES ('e2e-app', ?, ?, now() - interval '2 minutes')""")) {
            abandoned.setString(1, key);
            abandoned.setString(2, java.util.HexFormat.of().formatHex(sha256.digest()));
            assertThat(abandoned.executeUpdate()).isEqualTo(1);
        }
        HttpResponse<String> retry =
                system.send("POST", commandPort, path, system.token("APP"), body, Map.of("Idempotency-Key", key));
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(409);
        assertThat(retry.body()).contains("idempotency-key-unverifiable", "not run again");
        HttpResponse<String> again =
                system.send("POST", commandPort, path, system.token("APP"), body, Map.of("Idempotency-Key", key));
        assertThat(again.statusCode()).as("the answer is kept for the key").isEqualTo(409);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }
}
