package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Register, receive and adjust over HTTP; both read models then show the same numbers. */
class InventoryEndToEndTest {

    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    @Test
    void commandsReachThePostgresAndElasticsearchReadModels() throws Exception {
        String sku = "E2E-" + UUID.randomUUID().toString().substring(0, 12);
        HttpResponse<String> registered = system.command("POST", "/api/inventory", """
                {"sku":"%s","name":"Walnut cutting board","unitPrice":{"amount":4590,"currency":"EUR"},
                 "taxRateBasisPoints":1900}""".formatted(sku));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        HttpResponse<String> received = system.command(
                "POST", "/api/inventory/" + sku + "/receipts", "{\"quantity\":25,\"reference\":\"PO-2026-11\"}");
        assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
        HttpResponse<String> adjusted = system.command(
                "POST", "/api/inventory/" + sku + "/adjustments", "{\"delta\":-5,\"reason\":\"water damage\"}");
        assertThat(adjusted.statusCode()).as(adjusted.body()).isEqualTo(200);
        assertThat(adjusted.headers().firstValue("ETag")).hasValue("\"2\"");

        HttpResponse<String> item = system.query("/api/inventory/" + sku + "?minVersion=2", "APP");
        assertThat(item.statusCode()).as(item.body()).isEqualTo(200);
        JsonNode view = RunningSystem.JSON.readTree(item.body());
        assertThat(view.get("onHand").asLong()).isEqualTo(20);
        assertThat(view.get("reserved").asLong()).isZero();
        assertThat(view.get("available").asLong()).isEqualTo(20);
        assertThat(view.get("version").asLong()).isEqualTo(2);
        assertThat(view.get("unitPrice").get("amount").asLong()).isEqualTo(4590);

        HttpResponse<String> low = system.query("/api/inventory?availableBelow=21&size=500", "ANALYST");
        assertThat(low.statusCode()).isEqualTo(200);
        assertThat(low.body()).contains("\"sku\":\"" + sku + "\"");

        JsonNode document = awaitDocumentVersion(sku, 2);
        assertThat(document.get("onHand").asLong()).isEqualTo(20);
        assertThat(document.get("available").asLong()).isEqualTo(20);
        assertThat(document.get("unitPriceAmount").asLong()).isEqualTo(4590);
        assertThat(document.get("currency").asString()).isEqualTo("EUR");
        assertThat(document.get("name").asString()).isEqualTo("Walnut cutting board");

        try (Connection db = DriverManager.getConnection(
                        system.stores.jdbcUrl(), system.stores.user(), system.stores.password());
                ResultSet rows = db.createStatement().executeQuery("""
                     SELECT string_agg(payload_type, ',' ORDER BY sequence_number)
                       FROM tally_events.domain_event_entry WHERE aggregate_identifier = '%s'""".formatted(sku))) {
            rows.next();
            assertThat(rows.getString(1))
                    .isEqualTo("io.tally.api.inventory.InventoryItemRegisteredEvent,"
                            + "io.tally.api.inventory.StockReceivedEvent,io.tally.api.inventory.StockAdjustedEvent");
        }
    }

    @Test
    void aRefusedCommandChangesNoReadModel() throws Exception {
        String sku = "E2E-" + UUID.randomUUID().toString().substring(0, 12);
        system.command("POST", "/api/inventory", """
                {"sku":"%s","name":"Tea towel","unitPrice":{"amount":799,"currency":"EUR"},"taxRateBasisPoints":1900}
                """.formatted(sku));
        system.command("POST", "/api/inventory/" + sku + "/receipts", "{\"quantity\":3}");
        HttpResponse<String> refused =
                system.command("POST", "/api/inventory/" + sku + "/adjustments", "{\"delta\":-4,\"reason\":\"count\"}");
        assertThat(refused.statusCode()).isEqualTo(422);
        HttpResponse<String> item = system.query("/api/inventory/" + sku + "?minVersion=1", "ANALYST");
        JsonNode view = RunningSystem.JSON.readTree(item.body());
        assertThat(view.get("onHand").asLong()).isEqualTo(3);
        assertThat(view.get("version").asLong()).isEqualTo(1);
        assertThat(awaitDocumentVersion(sku, 1).get("onHand").asLong()).isEqualTo(3);
    }

    private static JsonNode awaitDocumentVersion(String sku, long version) {
        return await().alias("products/" + sku + " reaches version " + version)
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> system.searchDocument("products", sku),
                        document -> document != null && document.get("version").asLong() >= version);
    }
}
