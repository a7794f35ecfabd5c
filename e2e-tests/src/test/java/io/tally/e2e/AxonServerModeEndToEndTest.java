package io.tally.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
        Map<String, String> axonServer = Map.of("TALLY_AXON_SERVER_ENABLED", "true",
                "TALLY_AXON_SERVER_SERVERS", "127.0.0.1:" + RunningSystem.freePort(),
                "TALLY_AXON_SERVER_TOKEN", "token-of-a-server-that-is-not-there");
        commandPort = RunningSystem.freePort();
        queryPort = RunningSystem.freePort();
        system.launch("axonserver-command-side", "command-side", commandPort, axonServer);
        system.launch("axonserver-query-side", "query-side", queryPort, axonServer);
        awaitLive("axonserver-command-side", commandPort);
        awaitLive("axonserver-query-side", queryPort);
    }

    /** Live, not ready: readiness waits for Axon Server, which never comes. */
    private static void awaitLive(String name, int port) {
        await().alias(name + " starts").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
               .until(() -> {
                   try {
                       return system.send("GET", port, "/actuator/health/liveness", null, null).statusCode() == 200;
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
        for (String path : new String[] {"/api/audit/verify", "/api/audit/streams/order/o-1",
                "/api/audit/events?limit=1", "/api/audit/export"}) {
            HttpResponse<String> answer = system.send("GET", queryPort, path, system.token("AUDITOR"), null);
            assertThat(answer.statusCode()).as(path).isEqualTo(501);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(answer.body()).contains("not-available-with-axon-server", "hash chain and seals",
                    "TALLY_AXON_SERVER_ENABLED");
        }
        HttpResponse<String> replay = system.send("POST", queryPort, "/api/admin/projections/orders/replay",
                system.token("OPS"), null);
        assertThat(replay.statusCode()).isEqualTo(501);
        assertThat(replay.body()).contains("not-available-with-axon-server", "replays");
        // the role matrix first: an analyst learns nothing about the audit API but that it is not theirs
        assertThat(system.send("GET", queryPort, "/api/audit/verify", system.token("ANALYST"), null).statusCode())
                .isEqualTo(403);
        assertThat(system.send("GET", queryPort, "/api/audit/verify", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void whileAxonServerCannotBeReachedCommandsAndQueriesAnswer503AndNothingIsStored() throws Exception {
        String sku = "axs-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> command = system.send("POST", commandPort, "/api/inventory", system.token("APP"), """
                {"sku":"%s","name":"Unsent","unitPrice":{"amount":100,"currency":"EUR"},"taxRateBasisPoints":0}"""
                .formatted(sku));
        assertUnavailable(command);
        HttpResponse<String> query = system.send("GET", queryPort, "/api/orders?size=1", system.token("ANALYST"), null);
        assertUnavailable(query);
        assertThat(system.orderStatus(sku)).as("no event of the item in the PostgreSQL event store").isNull();
    }

    private static void assertUnavailable(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void anAbandonedClaimIsNotRunAgainWhenItsEventsCannotBeSearched() throws Exception {
        String sku = "axs-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 100, 0, 0);
        String key = UUID.randomUUID().toString();
        String body = "{\"quantity\":2}";
        HttpResponse<String> first = system.send("POST", system.commandPort, "/api/inventory/" + sku + "/receipts",
                system.token("APP"), body, Map.of("Idempotency-Key", key));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        // what a SIGKILL between the commit of the events and the stored answer leaves behind
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(system.stores.jdbcUrl(),
                system.stores.user(), system.stores.password());
             java.sql.PreparedStatement abandon = db.prepareStatement("""
                     UPDATE tally_command.idempotency_key SET completed_at = NULL, status = NULL, body = NULL,
                            created_at = now() - interval '2 minutes' WHERE key = ?""")) {
            abandon.setString(1, key);
            assertThat(abandon.executeUpdate()).isEqualTo(1);
        }
        HttpResponse<String> retry = system.send("POST", commandPort, "/api/inventory/" + sku + "/receipts",
                system.token("APP"), body, Map.of("Idempotency-Key", key));
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(409);
        assertThat(retry.body()).contains("idempotency-key-unverifiable", "not run again");
        HttpResponse<String> again = system.send("POST", system.commandPort, "/api/inventory/" + sku + "/receipts",
                system.token("APP"), body, Map.of("Idempotency-Key", key));
        assertThat(again.statusCode()).as("the answer is kept for the key, on every instance").isEqualTo(409);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        system.awaitLevels(sku, 2, 0);
    }
}
