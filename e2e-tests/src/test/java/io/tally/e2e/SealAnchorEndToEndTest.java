package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Plays the insider who owns the database (issue 34, point 1): deletes the newest seals, rewrites
 * an event in their range with a hash that fits its chain, and waits for the next seal runs to sign
 * the forgery with the real key, as they did before. The sealer now refuses (the database's newest
 * seal is not the witness's newest line) and raises its alert; the default verify and the offline
 * verifier with the witness both say not verified. Runs on a database of its own, so the shared
 * store stays honest for the other tests.
 */
class SealAnchorEndToEndTest {

    private static final String SYSTEM = "anchor";
    private static RunningSystem system;
    private static String databaseUrl;
    private static Path witness;
    private static int commandPort;
    private static int queryPort;
    private static final String SKU = "ANCHOR-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startASystemOnItsOwnDatabase() throws Exception {
        system = RunningSystem.get();
        String database = "anchor_" + Long.toHexString(System.nanoTime());
        databaseUrl = system.newDatabase(database);
        try (Connection db = connect(databaseUrl, system.stores.user())) {
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
    void resealingAForgedRangeIsCaughtAgainstTheWitnessOnlineAndOffline() throws Exception {
        command("/api/inventory", """
                {"sku":"%s","name":"Anchor","unitPrice":{"amount":100,"currency":"EUR"},"taxRateBasisPoints":0}
                """.formatted(SKU));
        // the item sealed before the receipt, so that deleting the receipt's seals leaves an older seal behind
        // (otherwise, when one seal run covers both, the forger deletes every seal and there is no newest to anchor)
        long itemIndex = scalar("SELECT global_index FROM tally_events.domain_event_entry"
                + " WHERE aggregate_identifier = '" + SKU + "' AND sequence_number = 0");
        await().alias("the item is sealed and witnessed")
                .atMost(Duration.ofSeconds(30))
                .until(() -> witnessedSealCovering(itemIndex));
        command("/api/inventory/" + SKU + "/receipts", "{\"quantity\":4,\"reference\":\"PO-ORIGINAL\"}");
        long forgedIndex = scalar("SELECT global_index FROM tally_events.domain_event_entry"
                + " WHERE aggregate_identifier = '" + SKU + "' AND sequence_number = 1");
        await().alias("the receipt is sealed and witnessed")
                .atMost(Duration.ofSeconds(30))
                .until(() -> witnessedSealCovering(forgedIndex));
        JsonNode honest = verify("");
        assertThat(honest.get("verified").asBoolean()).as(honest.toString()).isTrue();
        String anchor = honest.get("anchor").asString();
        long anchoredSeal = Long.parseLong(anchor.substring(0, anchor.indexOf(':')));

        long firstDeleted = scalar("SELECT seal_number FROM tally_events.seal WHERE to_global_index >= " + forgedIndex
                + " ORDER BY seal_number LIMIT 1");
        try (Connection owner = connect(databaseUrl, DatabaseRoles.OWNER);
                Statement sql = owner.createStatement()) {
            sql.execute("ALTER TABLE tally_events.seal DISABLE TRIGGER seal_append_only");
            sql.execute("DELETE FROM tally_events.seal WHERE seal_number >= " + firstDeleted);
            sql.execute("ALTER TABLE tally_events.seal ENABLE TRIGGER seal_append_only");
            sql.execute("ALTER TABLE tally_events.domain_event_entry DISABLE TRIGGER domain_event_entry_append_only");
            assertThat(sql.executeUpdate("UPDATE tally_events.domain_event_entry"
                            + " SET payload = replace(payload, 'PO-ORIGINAL', 'PO-FORGED')"
                            + " WHERE global_index = " + forgedIndex + " AND payload LIKE '%PO-ORIGINAL%'"))
                    .isEqualTo(1);
            // the hash recomputed as the application computes it (its v2 form): the chain fits the forgery
            try (ResultSet row = sql.executeQuery(
                    "SELECT * FROM tally_events.domain_event_entry WHERE global_index = " + forgedIndex)) {
                row.next();
                String hash = io.tally.axon.audit.EventHashes.hashV2(
                        row.getString("event_identifier"),
                        row.getString("type"),
                        row.getString("aggregate_identifier"),
                        row.getLong("sequence_number"),
                        row.getString("payload_type"),
                        row.getString("payload_revision"),
                        row.getString("time_stamp"),
                        row.getString("payload"),
                        row.getString("meta_data"),
                        row.getString("previous_hash"));
                try (Statement update = owner.createStatement()) {
                    update.execute("UPDATE tally_events.domain_event_entry SET hash = '" + hash
                            + "' WHERE global_index = " + forgedIndex);
                }
            }
            sql.execute("ALTER TABLE tally_events.domain_event_entry ENABLE TRIGGER domain_event_entry_append_only");
        }
        java.util.List<String> witnessedBefore = Files.readAllLines(witness);
        long sealsLeft = scalar("SELECT coalesce(max(seal_number), 0) FROM tally_events.seal");
        // as in the review: commands keep coming (new items, their own chains) while seal runs go by
        for (int i = 0; i < 6; i++) {
            command(
                    "/api/inventory",
                    "{\"sku\":\"ANCHOR-" + UUID.randomUUID().toString().substring(0, 8)
                            + "\",\"name\":\"More\",\"unitPrice\":{\"amount\":1,\"currency\":\"EUR\"},"
                            + "\"taxRateBasisPoints\":0}");
            Thread.sleep(1000);
        }
        await().alias("the sealer's alert is up")
                .atMost(Duration.ofSeconds(30))
                .until(() -> system.send("GET", commandPort, "/actuator/health/audit", null, null)
                                .statusCode()
                        == 503);
        assertThat(scalar("SELECT coalesce(max(seal_number), 0) FROM tally_events.seal"))
                .as("nothing re-sealed over the forgery")
                .isEqualTo(sealsLeft);
        assertThat(Files.readAllLines(witness))
                .as("the witness took nothing on")
                .isEqualTo(witnessedBefore);
        assertThat(system.send("GET", commandPort, "/actuator/prometheus", null, null)
                        .body())
                .containsPattern("tally_audit_seal_refused\\{[^}]*\\} 1\\.0")
                .containsPattern("tally_audit_seal_refusals_total\\{.*reason=\"witness-disagrees\".*\\} [1-9]");
        String newest = scalar("SELECT max(seal_number) FROM tally_events.seal") + ":"
                + text("SELECT seal_hash FROM tally_events.seal ORDER BY seal_number DESC LIMIT 1");

        JsonNode selfConsistent = verify("?anchor=" + newest);
        assertThat(selfConsistent.get("verified").asBoolean())
                .as("checked only against itself, the rewritten database passes: " + selfConsistent)
                .isTrue();
        JsonNode caught = verify("");
        assertThat(caught.get("verified").asBoolean()).as(caught.toString()).isFalse();
        assertThat(caught.get("firstBrokenAt").get("reason").asString())
                .isIn("seal-chain-broken", "seal-missing", "witness-conflict");
        assertThat(caught.get("firstBrokenAt").get("seal").asLong()).isBetween(firstDeleted, anchoredSeal);

        HttpResponse<String> export = system.send("GET", queryPort, "/api/audit/export", system.token("AUDITOR"), null);
        assertThat(export.statusCode()).isEqualTo(200);
        PublicKey key = ExportVerifier.publicKey(system.stores.tokens().sealKeyFiles()[1]);
        PublicKey exportKey = ExportVerifier.publicKey(system.stores.tokens().exportKeyFiles()[1]);
        assertThat(ExportVerifier.verify(reader(export.body()), key, exportKey).verified())
                .as("the export verifies against its own seals")
                .isTrue();
        ExportVerifier.Result offline = ExportVerifier.verify(
                reader(export.body()),
                new ExportVerifier.Options(key, exportKey, ExportVerifier.Anchor.parse(anchor), false));
        assertThat(offline.verified()).isFalse();
        assertThat(offline.problems()).anySatisfy(problem -> {
            assertThat(problem.reason()).isIn("seal-chain-broken", "seal-missing");
            assertThat(problem.seal()).isEqualTo(anchoredSeal);
        });
        ExportVerifier.Result againstTheWitness = ExportVerifier.verify(
                reader(export.body()), ExportVerifier.Options.withWitness(key, exportKey, witness, false));
        assertThat(againstTheWitness.verified())
                .as("offline, every witness line: " + againstTheWitness)
                .isFalse();
        assertThat(againstTheWitness.problems())
                .anySatisfy(problem ->
                        assertThat(problem.reason()).isIn("seal-chain-broken", "witness-conflict", "seal-missing"));

        Path moved = witness.resolveSibling("seal-witness.moved");
        Files.move(witness, moved);
        JsonNode withoutWitness = verify("");
        assertThat(withoutWitness.get("verified").asBoolean())
                .as("a witness gone vouches for nothing: " + withoutWitness)
                .isFalse();
        assertThat(withoutWitness.get("firstBrokenAt").get("reason").asString()).isEqualTo("witness-unavailable");
        Files.move(moved, witness);
    }

    private static boolean witnessedSealCovering(long globalIndex) throws Exception {
        if (!Files.exists(witness)) {
            return false;
        }
        long sealed = scalar(
                "SELECT coalesce(max(seal_number), 0) FROM tally_events.seal WHERE to_global_index >= " + globalIndex);
        return sealed > 0
                && ExportVerifier.Anchor.newestIn(witness)
                        .map(a -> a.number() >= sealed)
                        .orElse(false);
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

    private static BufferedReader reader(String text) {
        return new BufferedReader(new StringReader(text));
    }

    private static long scalar(String sql) throws SQLException {
        return Long.parseLong(text(sql));
    }

    private static String text(String sql) throws SQLException {
        try (Connection db = connect(databaseUrl, system.stores.user());
                Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    private static Connection connect(String url, String user) throws SQLException {
        return DriverManager.getConnection(
                url, user, user.equals(system.stores.user()) ? system.stores.password() : system.stores.password(user));
    }
}
