package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A store written by the previous release's jars (before the aggregates moved to io.tally.domain
 * and the saga to io.tally.command.fulfillment), opened by the current ones: the snapshot is still
 * used, the in-flight sagas and their deadline go on, every processor resumes from its token.
 */
class UpgradeEndToEndTest {

    private static final String FIXTURE = "/upgrade/release-7279ffd.sql";
    private static final String SYSTEM = "upgrade";
    private static final String TIMED_OUT_ORDER = "ord_ae852fc9-da8a-4ef4-a4d1-e1149d50a219";
    private static final String CONFIRMED_ORDER = "ord_35fc1ea5-30b3-4f4b-8c43-cf2c397ab3d9";
    private static final String CONFIRMED_PAYMENT = "pay_ac0a6b61-e7be-45a2-b2f1-76a195c4ae54";
    private static final String SHIPPED_ORDER = "ord_4384bd5f-2f47-445c-a0a5-72adf139bf36";
    private static final String SKU = "COMPAT-1";
    private static final long SNAPSHOT_SEQUENCE = 49;
    private static final long FIXTURE_HEAD = 75;

    private static RunningSystem system;
    private static String databaseUrl;
    private static Set<String> queryProcessorsBefore;
    private static int commandPort;
    private static int queryPort;

    @BeforeAll
    static void openThePreviousReleasesStoreWithTheseJars() throws Exception {
        system = RunningSystem.get();
        String database = "upgrade_" + Long.toHexString(System.nanoTime());
        databaseUrl = system.newDatabase(database);
        try (InputStream dump = UpgradeEndToEndTest.class.getResourceAsStream(FIXTURE);
                Connection db = connect(databaseUrl);
                Statement load = db.createStatement()) {
            load.execute(new String(dump.readAllBytes(), StandardCharsets.UTF_8));
            // the previous release ran as one user; its objects go to the roles, as an upgrade's administrator does
            io.tally.dev.DatabaseRoles.prepare(db);
        }
        queryProcessorsBefore = strings("SELECT DISTINCT processor_name FROM tally_query.token_entry");
        int[] ports = system.startSystemOn(
                SYSTEM,
                databaseUrl,
                java.nio.file.Files.createTempDirectory(database).resolve("witness.log"),
                Map.of());
        commandPort = ports[0];
        queryPort = ports[1];
    }

    @AfterAll
    static void stop() throws InterruptedException {
        system.stopSystem(SYSTEM);
    }

    @Test
    void theStoredSagaTypesAndTheSnapshotNameTheMovedClasses() throws Exception {
        assertThat(strings("SELECT DISTINCT saga_type FROM tally_command.association_value_entry"))
                .containsOnly("io.tally.command.fulfillment.OrderFulfillmentSaga");
        assertThat(strings("SELECT payload_type FROM tally_events.snapshot_event_entry"))
                .containsOnly("io.tally.domain.inventory.InventoryItem");
    }

    @Test
    void aDeadlineScheduledByThePreviousReleaseFiresAndRejectsItsOrder() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "REJECTED".equals(field(get(queryPort, "/api/orders/" + TIMED_OUT_ORDER), "status")));
    }

    @Test
    void aSagaStoredByThePreviousReleaseShipsAndAsksTheGatewayToCaptureItsOrder() throws Exception {
        HttpResponse<String> shipped = system.send(
                "POST",
                commandPort,
                "/api/orders/" + CONFIRMED_ORDER + "/ship",
                system.token("APP"),
                "{\"carrier\":\"DHL\",\"trackingNumber\":\"UPGRADE-1\"}");
        assertThat(shipped.statusCode()).as(shipped.body()).isEqualTo(200);
        // the previous release authorised with its in-process sandbox, which no real processor knows:
        // the capture is asked for under its key and the processor's refusal recorded, no money moves
        // (docs/payments.md, "Upgrading from the in-process sandbox")
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> strings(
                                "SELECT payload FROM tally_events.domain_event_entry WHERE aggregate_identifier = '"
                                        + CONFIRMED_PAYMENT
                                        + "' AND payload_type = 'io.tally.api.payment.PaymentCaptureFailedEvent'"),
                        failed -> failed.size() == 1 && failed.iterator().next().contains("resource_missing"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> strings("SELECT saga_id FROM tally_command.association_value_entry"
                                + " WHERE association_value = '" + CONFIRMED_ORDER + "'")
                        .isEmpty());
    }

    /**
     * The previous release's snapshot (renamed by the migration) carries no binding to the hash chain,
     * so it is ignored like any snapshot that does not prove itself: the item loads from its 65
     * events, which takes a bound snapshot at the new head, and its state is right.
     */
    @Test
    void theSnapshotOfThePreviousReleaseIsReplacedByABoundOne() throws Exception {
        HttpResponse<String> received = system.send(
                "POST",
                commandPort,
                "/api/inventory/" + SKU + "/receipts",
                system.token("APP"),
                "{\"quantity\":1,\"reference\":\"after the upgrade\"}");
        assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
        // 60 receipts of 2 and this one, less the unit shipped before the upgrade and, if its test ran
        // first, the confirmed order's unit shipped after it
        assertThat(received.body()).containsPattern("\"onHand\":(119|120),");
        assertThat(strings("SELECT meta_data FROM tally_events.snapshot_event_entry" + " WHERE aggregate_identifier = '"
                        + SKU + "'"))
                .singleElement()
                .asString()
                .contains("coveredEventHash", "snapshotSignature");
        assertThat(strings("SELECT sequence_number::text FROM tally_events.snapshot_event_entry"
                        + " WHERE aggregate_identifier = '" + SKU + "'"))
                .doesNotContain(String.valueOf(SNAPSHOT_SEQUENCE));
    }

    @Test
    void everyProcessorResumesFromItsStoredTokenUnderItsOwnName() throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "SHIPPED".equals(field(get(queryPort, "/api/orders/" + SHIPPED_ORDER), "status")));
        assertThat(strings("SELECT DISTINCT processor_name FROM tally_query.token_entry"))
                .isEqualTo(queryProcessorsBefore);
        assertThat(strings("SELECT DISTINCT processor_name FROM tally_command.token_entry"))
                .containsOnly("OrderFulfillmentSagaProcessor", "payment-gateway");
        try (Connection db = connect(databaseUrl);
                Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM tally_query.order_view")) {
            rows.next();
            assertThat(rows.getLong(1)).as("no order projected twice or lost").isEqualTo(3);
        }
        assertThat(FIXTURE_HEAD).isLessThan(head());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return system.send("GET", port, path, system.token("ANALYST"), null);
    }

    private static String field(HttpResponse<String> response, String name) {
        if (response.statusCode() != 200) {
            return null;
        }
        JsonNode node = RunningSystem.JSON.readTree(response.body()).get(name);
        return node == null ? null : node.asString();
    }

    private static long head() throws SQLException {
        try (Connection db = connect(databaseUrl);
                Statement statement = db.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT max(global_index) FROM tally_events.domain_event_entry")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Set<String> strings(String sql) throws SQLException {
        try (Connection db = connect(databaseUrl);
                Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            Set<String> values = new HashSet<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, system.stores.user(), system.stores.password());
    }
}
