package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The event catalog as served (GET /api/audit/schemas) is the checked-in one, and every event the
 * whole suite stored, and every line of an export of them, is valid against its schema. Runs after
 * the other classes but the two last ones, so that it sees the events of the whole run.
 */
@Order(Integer.MAX_VALUE - 2)
class EventCatalogEndToEndTest {

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    @Test
    void theServedCatalogIsTheCheckedInOneAndEveryStoredEventAndExportLineMatchesItsSchema() throws Exception {
        HttpResponse<String> listed = system.query("/api/audit/schemas", "AUDITOR");
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode catalog = RunningSystem.JSON.readTree(listed.body());
        Map<String, Schema> byTypeAndRevision = new HashMap<>();
        Map<String, String> current = new TreeMap<>();
        for (JsonNode entry : catalog.get("events")) {
            HttpResponse<String> served = system.query(entry.get("href").asString(), "AUDITOR");
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/schema+json"));
            String file = entry.get("href").asString().substring("/api/audit/schemas/".length()) + ".json";
            assertThat(served.body()).as(file).isEqualTo(Files.readString(Path.of("..", "docs", "events", file)));
            byTypeAndRevision.put(
                    entry.get("type").asString() + "@" + entry.get("revision").asString(),
                    SCHEMAS.getSchema(RunningSystem.JSON.readTree(served.body())));
            if (entry.get("current").asBoolean()) {
                current.put(entry.get("type").asString(), entry.get("revision").asString());
            }
        }
        assertThat(current)
                .containsEntry("io.tally.api.order.OrderPlacedEvent", "2")
                .containsEntry("io.tally.api.payment.PaymentDeclinedEvent", "2")
                .containsEntry("io.tally.api.inventory.StockReservedEvent", "1");
        assertThat(system.query("/api/audit/schemas/io.tally.api.order.NoSuchEvent-1", "AUDITOR")
                        .statusCode())
                .isEqualTo(404);
        assertThat(system.query("/api/audit/schemas", "ANALYST").statusCode()).isEqualTo(403);

        // every event of the run, as stored
        Map<String, Integer> validated = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(
                        system.stores.jdbcUrl(), system.stores.user(), system.stores.password());
                Statement query = db.createStatement();
                ResultSet rows = query.executeQuery("SELECT e.global_index, e.payload_type, e.payload_revision,"
                        + " e.payload, r.reason FROM tally_events.domain_event_entry e LEFT JOIN tally_events.seal_refusal r"
                        + " ON r.global_index = e.global_index ORDER BY e.global_index")) {
            while (rows.next()) {
                String type = rows.getString(2);
                if (!type.startsWith("io.tally.api.")) {
                    // the probes other modules' tests append to the shared test store (EventHashChainTest's
                    // String payloads): no event type of Tally's
                    validated.merge("(test probes)", 1, Integer::sum);
                    continue;
                }
                if (rows.getString(5) != null) {
                    // planted by the suite's attackers (ForgedAppendEndToEndTest): no service event, refused by the
                    // sealer, and not the catalog's to describe
                    validated.merge("(refused by the sealer)", 1, Integer::sum);
                    continue;
                }
                String revision = rows.getString(3) == null ? "1" : rows.getString(3);
                Schema schema = byTypeAndRevision.get(type + "@" + revision);
                assertThat(schema)
                        .as("a schema for " + type + " revision " + revision)
                        .isNotNull();
                List<String> errors = schema.validate(RunningSystem.JSON.readTree(rows.getString(4))).stream()
                        .map(error -> error.getInstanceLocation() + ": " + error.getMessage())
                        .toList();
                assertThat(errors)
                        .as("event " + rows.getLong(1) + " (" + type + ")")
                        .isEmpty();
                validated.merge(type.substring(type.lastIndexOf('.') + 1), 1, Integer::sum);
            }
        }
        assertThat(validated.entrySet().stream()
                        .filter(entry -> !entry.getKey().startsWith("("))
                        .mapToInt(Map.Entry::getValue)
                        .sum())
                .isGreaterThan(10);
        assertThat(validated).containsKeys("OrderPlacedEvent", "PaymentCapturedEvent", "StockReservedEvent");
        System.out.println("event catalog: stored events validated by type " + validated);

        // every event as the audit API lists it, each page checked against the query side's document
        long after = -1;
        int pagedEvents = 0;
        while (true) {
            HttpResponse<String> page =
                    system.query("/api/audit/events?afterGlobalIndex=" + after + "&limit=500", "AUDITOR");
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = RunningSystem.JSON.readTree(page.body());
            pagedEvents += body.get("items").size();
            if (body.get("nextAfterGlobalIndex").isNull()) {
                break;
            }
            after = body.get("nextAfterGlobalIndex").asLong();
        }
        assertThat(pagedEvents)
                .isGreaterThanOrEqualTo(
                        validated.values().stream().mapToInt(Integer::intValue).sum());

        // the export format
        HttpResponse<String> schema = system.query("/api/audit/schemas/tally-export-v2", "AUDITOR");
        assertThat(schema.statusCode()).isEqualTo(200);
        Schema line = SCHEMAS.getSchema(RunningSystem.JSON.readTree(schema.body()));
        HttpResponse<String> export = system.query("/api/audit/export", "AUDITOR");
        assertThat(export.statusCode()).isEqualTo(200);
        int lines = 0;
        for (String text : export.body().split("\n")) {
            if (text.isBlank()) {
                continue;
            }
            assertThat(line.validate(RunningSystem.JSON.readTree(text)))
                    .as("export line " + lines + ": " + text)
                    .isEmpty();
            lines++;
        }
        assertThat(lines)
                .isGreaterThan(
                        validated.values().stream().mapToInt(Integer::intValue).sum());
    }
}
