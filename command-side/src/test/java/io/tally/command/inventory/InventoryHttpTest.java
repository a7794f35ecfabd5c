package io.tally.command.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.command.web.CommandSideHttpTest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryHttpTest extends CommandSideHttpTest {

    @Test
    void registeringAnswers201WithLocationETagAndTheItem() throws Exception {
        String sku = uniqueSku();
        HttpResponse<String> response = register(sku);
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/inventory/" + sku);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"0\"");
        assertThat(response.body())
                .contains(
                        "\"sku\":\"" + sku + "\"",
                        "\"version\":0",
                        "\"available\":0",
                        "\"unitPrice\":{\"amount\":1999,\"currency\":\"EUR\"}");
        assertThat(eventsStoredFor(sku)).isEqualTo(1);
    }

    @Test
    void receiptsAndAdjustmentsAnswerTheNewLevelsAndVersion() throws Exception {
        String sku = uniqueSku();
        register(sku);
        HttpResponse<String> received =
                post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":10,\"reference\":\"PO-1\"}");
        assertThat(received.statusCode()).isEqualTo(200);
        assertThat(received.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(received.body()).contains("\"onHand\":10", "\"reserved\":0", "\"available\":10", "\"version\":1");

        HttpResponse<String> adjusted = post(
                "/api/inventory/" + sku + "/adjustments",
                token("APP"),
                "{\"delta\":-3,\"reason\":\"broken in the warehouse\"}",
                "If-Match",
                "\"1\"");
        assertThat(adjusted.statusCode()).isEqualTo(200);
        assertThat(adjusted.body()).contains("\"onHand\":7", "\"available\":7", "\"version\":2");

        HttpResponse<String> repriced = send(
                "PUT",
                "/api/inventory/" + sku + "/price",
                token("APP"),
                "application/json",
                "{\"unitPrice\":{\"amount\":2499,\"currency\":\"EUR\"}}");
        assertThat(repriced.statusCode()).isEqualTo(200);
        assertThat(repriced.body()).contains("\"amount\":2499", "\"version\":3");
        assertThat(eventsStoredFor(sku)).isEqualTo(4);
    }

    @Test
    void everyEventCarriesWhoWhyAndWhichRequest() throws Exception {
        String sku = uniqueSku();
        register(sku);
        post(
                "/api/inventory/" + sku + "/receipts",
                token("APP"),
                "{\"quantity\":1}",
                "Idempotency-Key",
                "receipt-" + sku,
                "X-Correlation-Id",
                "corr-" + sku);
        Map<String, Object> row = jdbc.sql("""
                        SELECT meta_data::jsonb ->> 'principal' AS principal,
                               meta_data::jsonb ->> 'correlationId' AS correlation,
                               meta_data::jsonb ->> 'clientCorrelationId' AS client_correlation,
                               meta_data::jsonb ->> 'causationId' AS causation,
                               meta_data::jsonb ->> 'idempotencyKey' AS idempotency,
                               payload::jsonb ->> 'onHand' AS on_hand
                          FROM tally_events.domain_event_entry
                         WHERE aggregate_identifier = :sku AND sequence_number = 1""").param("sku", sku).query().singleRow();
        assertThat(row)
                .containsEntry("principal", "test-app")
                .containsEntry("client_correlation", "corr-" + sku)
                .containsEntry("idempotency", "receipt-" + sku)
                .containsEntry("on_hand", "1");
        assertThat(row.get("correlation"))
                .as("the server's own correlation id, never the client's")
                .isNotNull()
                .isNotEqualTo("corr-" + sku);
        assertThat(row.get("causation")).isNotNull();
    }

    /** What a client puts in a header reaches the history only in a form no reader can mistake. */
    @Test
    void aCorrelationIdOrIdempotencyKeyOutsidePrintableAsciiIs400AndStoresNothing() throws Exception {
        String sku = uniqueSku();
        register(sku);
        for (String header : new String[] {"X-Correlation-Id", "Idempotency-Key"}) {
            HttpResponse<String> refused = post(
                    "/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":1}", header, "x".repeat(256));
            assertThat(refused.statusCode()).as(header + " " + refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("\"field\":\"" + header + "\"", "printable ASCII");
            // Java's HTTP client sends only ASCII in headers; the bytes of "café" in UTF-8 go over a socket
            String raw = rawPost("/api/inventory/" + sku + "/receipts", header, "caf\u00e9", "{\"quantity\":1}");
            assertThat(raw).as(header + " in UTF-8").startsWith("HTTP/1.1 400").contains("printable ASCII");
        }
        assertThat(eventsStoredFor(sku)).isEqualTo(1);
    }

    private String rawPost(String path, String header, String value, String json) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
            request.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                            + "Authorization: Bearer " + token("APP") + "\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\n" + header + ": ")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            request.writeBytes(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            request.writeBytes("\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            request.writeBytes(body);
            socket.getOutputStream().write(request.toByteArray());
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aStaleIfMatchIs412AndStoresNothing() throws Exception {
        String sku = uniqueSku();
        register(sku);
        HttpResponse<String> response =
                post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":5}", "If-Match", "\"7\"");
        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"version-mismatch\"", "\"currentVersion\":0");
        assertThat(eventsStoredFor(sku)).isEqualTo(1);
    }

    @Test
    void aDuplicateSkuIs409AndStoresNothing() throws Exception {
        String sku = uniqueSku();
        register(sku);
        HttpResponse<String> response = register(sku);
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).contains("\"code\":\"duplicate-id\"");
        assertThat(eventsStoredFor(sku)).isEqualTo(1);
    }

    @Test
    void anAdjustmentBelowReservedIs422WithItsCode() throws Exception {
        String sku = uniqueSku();
        register(sku);
        post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":2}");
        HttpResponse<String> response =
                post("/api/inventory/" + sku + "/adjustments", token("APP"), "{\"delta\":-3,\"reason\":\"count\"}");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body())
                .contains(
                        "\"type\":\"https://tally.dev/problems/insufficient-stock\"",
                        "\"status\":422",
                        "\"title\"",
                        "\"detail\"");
        assertThat(eventsStoredFor(sku)).isEqualTo(2);
    }

    @Test
    void anUnknownSkuIs404() throws Exception {
        String sku = uniqueSku();
        HttpResponse<String> response = post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":1}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(eventsStoredFor(sku)).isZero();
    }
}
