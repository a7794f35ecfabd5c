package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tally.axon.audit.EventHashes;
import io.tally.dev.DatabaseRoles;
import io.tally.tools.audit.ExportVerifier;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays the holder of the command service's database credentials (issue 34, point 2): the role may
 * insert events, so it appends a correctly chained receipt of 1,000,000 units in the CFO's name,
 * hashed exactly as the service hashes. It cannot give it the MAC only the service's key makes:
 * the sealer refuses to seal it and raises its alert, and verify (online, and offline from the
 * export) names the event. The same role can no longer insert a seal, and the sealer's role cannot
 * insert an event. Runs on a database of its own: the refusal would otherwise stop the shared
 * store's sealing for every later test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the first needs the log sealed up to its forgery
class ForgedAppendEndToEndTest {

    private static final String SYSTEM = "forged";
    private static final String SKU = "FORGED-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String PLAIN = "PLAIN-" + UUID.randomUUID().toString().substring(0, 8);
    private static RunningSystem system;
    private static String databaseUrl;
    private static Path witness;
    private static int commandPort;
    private static int queryPort;

    @BeforeAll
    static void startASystemOnItsOwnDatabase() throws Exception {
        system = RunningSystem.get();
        String database = "forged_" + Long.toHexString(System.nanoTime());
        databaseUrl = system.newDatabase(database);
        try (Connection db = connect(system.stores.user())) {
            DatabaseRoles.prepare(db);
        }
        witness = Files.createTempDirectory(database).resolve("seal-witness.log");
        int[] ports = system.startSystemOn(
                SYSTEM, databaseUrl, witness, Map.of("TALLY_SEAL_INTERVAL", "PT1S", "TALLY_SEAL_SETTLE", "PT1S"));
        commandPort = ports[0];
        queryPort = ports[1];
    }

    @AfterAll
    static void stop() throws InterruptedException {
        system.stopSystem(SYSTEM);
    }

    @Test
    @Order(1)
    void anEventTheCommandRoleInsertsIsRefusedByTheSealerAndNamedByEveryVerify() throws Exception {
        command("/api/inventory", item(SKU));
        command("/api/inventory/" + SKU + "/receipts", "{\"quantity\":4,\"reference\":\"PO-REAL\"}");
        long honestHead = scalar("SELECT max(global_index) FROM tally_events.domain_event_entry");
        await().alias("the real events are sealed")
                .atMost(Duration.ofSeconds(30))
                .until(() -> scalar("SELECT coalesce(max(to_global_index), 0) FROM tally_events.seal") >= honestHead);

        long forged;
        try (Connection attacker = connect(DatabaseRoles.COMMAND)) {
            forged = appendForged(attacker, SKU, "f".repeat(64));
        }
        Thread.sleep(4000); // a few seal runs go by
        assertThat(scalar("SELECT coalesce(max(to_global_index), 0) FROM tally_events.seal"))
                .as("the forged event is never sealed")
                .isLessThan(forged);
        await().alias("the sealer records its refusal")
                .atMost(Duration.ofSeconds(30))
                .until(() -> scalar("SELECT count(*) FROM tally_events.seal_refusal WHERE global_index = " + forged
                                + " AND reason = 'event-unauthenticated'")
                        == 1);
        assertThat(system.send("GET", commandPort, "/actuator/health/audit", null, null)
                        .statusCode())
                .as("the sealer's health is down")
                .isEqualTo(503);
        assertThat(system.send("GET", commandPort, "/actuator/prometheus", null, null)
                        .body())
                .containsPattern("tally_audit_seal_refused\\{[^}]*\\} 1\\.0")
                .containsPattern("tally_audit_seal_refusals_total\\{.*reason=\"event-unauthenticated\".*\\} [1-9]");
        assertThat(Files.readString(RunningSystem.logOf(SYSTEM + "-command-side")))
                .contains("ALERT sealing refused: event-unauthenticated at global index " + forged);

        JsonNode online = verify("");
        assertThat(online.get("verified").asBoolean()).as(online.toString()).isFalse();
        assertThat(online.get("firstBrokenAt").get("reason").asString()).isEqualTo("event-unauthenticated");
        assertThat(online.get("firstBrokenAt").get("globalIndex").asLong()).isEqualTo(forged);

        // the review's next real command built on the forged receipt: now the aggregate refuses every command
        // (it is not built from an event this service did not append) and nothing is stored
        long before = scalar(
                "SELECT count(*) FROM tally_events.domain_event_entry WHERE aggregate_identifier = '" + SKU + "'");
        HttpResponse<String> next = system.send(
                "POST",
                commandPort,
                "/api/inventory/" + SKU + "/receipts",
                system.token("APP"),
                "{\"quantity\":1,\"reference\":\"PO-NEXT\"}");
        assertThat(next.statusCode()).as(next.body()).isEqualTo(500);
        assertThat(next.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(next.body()).contains("\"code\":\"history-unauthenticated\"").contains("nothing was stored");
        assertThat(scalar("SELECT count(*) FROM tally_events.domain_event_entry WHERE aggregate_identifier = '" + SKU
                        + "'"))
                .as("nothing appended on the forged history")
                .isEqualTo(before);
        assertThat(Files.readString(RunningSystem.logOf(SYSTEM + "-command-side")))
                .contains("ALERT aggregate " + SKU + " refused: its event at global index " + forged);

        HttpResponse<String> export = system.send("GET", queryPort, "/api/audit/export", system.token("AUDITOR"), null);
        assertThat(export.statusCode()).isEqualTo(200);
        PublicKey key = ExportVerifier.publicKey(system.stores.tokens().sealKeyFiles()[1]);
        PublicKey exportKey = ExportVerifier.publicKey(system.stores.tokens().exportKeyFiles()[1]);
        ExportVerifier.Result offline = ExportVerifier.verify(
                new BufferedReader(new StringReader(export.body())),
                ExportVerifier.Options.withWitness(key, exportKey, witness, false));
        assertThat(offline.verified()).as(offline.toString()).isFalse();
        assertThat(offline.problems()).anySatisfy(problem -> {
            assertThat(problem.reason()).isEqualTo("event-unauthenticated");
            assertThat(problem.globalIndex()).isEqualTo(forged);
        });
    }

    /** Without any MAC (as the review's attacker wrote it), the stream's own verify names it at once. */
    @Test
    @Order(2)
    void anEventWithoutAMacIsUnauthenticatedWithoutTheKey() throws Exception {
        command("/api/inventory", item(PLAIN));
        long forged;
        try (Connection attacker = connect(DatabaseRoles.COMMAND)) {
            forged = appendForged(attacker, PLAIN, null);
        }
        JsonNode stream = verify("?aggregateType=inventory&aggregateId=" + PLAIN);
        assertThat(stream.get("verified").asBoolean()).as(stream.toString()).isFalse();
        assertThat(stream.get("firstBrokenAt").get("reason").asString()).isEqualTo("event-unauthenticated");
        assertThat(stream.get("firstBrokenAt").get("globalIndex").asLong()).isEqualTo(forged);
    }

    @Test
    @Order(3)
    void theCommandRoleCannotInsertASealNorTheSealerAnEvent() throws Exception {
        try (Connection command = connect(DatabaseRoles.COMMAND);
                Statement sql = command.createStatement()) {
            assertThatThrownBy(() -> sql.execute("INSERT INTO tally_events.seal (seal_number, after_global_index,"
                            + " to_global_index, event_count, merkle_root, sealed_at, signature, seal_hash) VALUES"
                            + " (999999, 0, 1, 1, '" + "0".repeat(64) + "', 'junk', 'junk', '" + "0".repeat(64) + "')"))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("42501");
            assertThatThrownBy(() -> sql.execute("INSERT INTO tally_events.seal_refusal (global_index, reason,"
                            + " refused_at) VALUES (999999, 'junk', 'junk')"))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("42501");
        }
        try (Connection sealer = connect(DatabaseRoles.SEALER);
                Statement sql = sealer.createStatement()) {
            assertThatThrownBy(() -> sql.execute("INSERT INTO tally_events.domain_event_entry (aggregate_identifier,"
                            + " sequence_number, type, event_identifier, payload, payload_type, time_stamp, hash) VALUES"
                            + " ('x', 0, 'x', 'x', '{}', 'x', 'x', '" + "0".repeat(64) + "')"))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("42501");
        }
    }

    /**
     * The next event of {@code sku}'s stream, a receipt of 1,000,000 units in the CFO's name,
     * chained to the stream's head and hashed as the service hashes (its v2 form); {@code mac} what
     * the attacker puts in the MAC column (null: nothing). Answers its global index.
     */
    private static long appendForged(Connection attacker, String sku, String mac) throws Exception {
        String previous;
        long sequence;
        String payload;
        String metadata;
        try (PreparedStatement head = attacker.prepareStatement("SELECT * FROM tally_events.domain_event_entry"
                + " WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1")) {
            head.setString(1, sku);
            try (ResultSet row = head.executeQuery()) {
                row.next();
                previous = row.getString("hash");
                sequence = row.getLong("sequence_number") + 1;
                ObjectNode meta = (ObjectNode) RunningSystem.JSON.readTree(row.getString("meta_data"));
                meta.put("principal", "cfo@example.com");
                metadata = meta.toString();
            }
        }
        payload = "{\"sku\":\"" + sku + "\",\"quantity\":1000000,\"reference\":\"PO-CFO\",\"onHand\":1000004}";
        String eventId = UUID.randomUUID().toString();
        String timestamp = Instant.now().toString();
        String type = "io.tally.api.inventory.StockReceivedEvent";
        String hash = mac == null
                ? EventHashes.hash("InventoryItem", sku, sequence, type, null, timestamp, payload, metadata, previous)
                : EventHashes.hashV2(
                        eventId, "InventoryItem", sku, sequence, type, null, timestamp, payload, metadata, previous);
        try (PreparedStatement insert = attacker.prepareStatement("INSERT INTO tally_events.domain_event_entry"
                + " (aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload, payload_type,"
                + " time_stamp, hash, previous_hash, mac) VALUES (?, ?, 'InventoryItem', ?, ?, ?, ?, ?, ?, ?, ?)"
                + " RETURNING global_index")) {
            insert.setString(1, sku);
            insert.setLong(2, sequence);
            insert.setString(3, eventId);
            insert.setString(4, metadata);
            insert.setString(5, payload);
            insert.setString(6, type);
            insert.setString(7, timestamp);
            insert.setString(8, hash);
            insert.setString(9, previous);
            insert.setString(10, mac);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static String item(String sku) {
        return """
                {"sku":"%s","name":"Forged","unitPrice":{"amount":100,"currency":"EUR"},"taxRateBasisPoints":0}
                """.formatted(sku);
    }

    private static void command(String path, String json) throws Exception {
        HttpResponse<String> response = system.send("POST", commandPort, path, system.token("APP"), json);
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    private static JsonNode verify(String query) throws Exception {
        HttpResponse<String> response =
                system.send("GET", queryPort, "/api/audit/verify" + query, system.token("AUDITOR"), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RunningSystem.JSON.readTree(response.body());
    }

    private static long scalar(String sql) throws SQLException {
        try (Connection db = connect(system.stores.user());
                Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static Connection connect(String user) throws SQLException {
        return DriverManager.getConnection(
                databaseUrl,
                user,
                user.equals(system.stores.user()) ? system.stores.password() : system.stores.password(user));
    }
}
