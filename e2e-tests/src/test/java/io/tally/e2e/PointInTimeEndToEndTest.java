package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The audit API's past states: a scripted item and order, each command's answer kept with the
 * moment it came back; the state rebuilt {@code asOf} that moment (and at that answer's sequence)
 * must be exactly what the API said then.
 */
class PointInTimeEndToEndTest {

    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    /** What the command API answered, and when the answer was in the caller's hands. */
    private record Moment(Instant at, JsonNode answer) {}

    @Test
    void anItemsStateAtEachMomentIsWhatItsCommandsAnswered() throws Exception {
        String sku = "PIT-" + UUID.randomUUID().toString().substring(0, 8);
        Instant before = Instant.now();
        Thread.sleep(20);
        List<Moment> moments = new ArrayList<>();
        HttpResponse<String> registered = system.command("POST", "/api/inventory", """
                {"sku":"%s","name":"Clock","unitPrice":{"amount":1500,"currency":"EUR"},"taxRateBasisPoints":1900}
                """.formatted(sku));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        Thread.sleep(20);
        moments.add(moment("POST", "/api/inventory/" + sku + "/receipts", "{\"quantity\":12,\"reference\":\"in-1\"}"));
        moments.add(moment("POST", "/api/inventory/" + sku + "/adjustments", "{\"delta\":-2,\"reason\":\"broken\"}"));
        moments.add(moment(
                "PUT", "/api/inventory/" + sku + "/price", "{\"unitPrice\":{\"amount\":1700,\"currency\":\"EUR\"}}"));
        moments.add(moment("POST", "/api/inventory/" + sku + "/receipts", "{\"quantity\":5,\"reference\":\"in-2\"}"));

        for (Moment moment : moments) {
            JsonNode state = state("inventory", sku, "asOf=" + moment.at());
            assertThat(state.get("state")).as("as of " + moment.at()).isEqualTo(moment.answer());
            long version = moment.answer().get("version").asLong();
            assertThat(state.get("sequence").asLong()).isEqualTo(version);
            assertThat(state("inventory", sku, "sequence=" + version).get("state"))
                    .isEqualTo(moment.answer());
        }
        assertThat(moments.get(1).answer().get("onHand").asLong()).isEqualTo(10);
        HttpResponse<String> tooEarly =
                system.query("/api/audit/streams/inventory/" + sku + "/state?asOf=" + before, "AUDITOR");
        assertThat(tooEarly.statusCode()).as(tooEarly.body()).isEqualTo(404);
        HttpResponse<String> noSuchSequence =
                system.query("/api/audit/streams/inventory/" + sku + "/state?sequence=99", "AUDITOR");
        assertThat(noSuchSequence.statusCode()).as(noSuchSequence.body()).isEqualTo(404);
    }

    @Test
    void anOrdersStateFollowsItsLifeThroughTheSagaAndItsPaymentsRefunds() throws Exception {
        String sku = "PIT-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 2500, 2000, 5);
        HttpResponse<String> placed =
                system.command("POST", "/api/orders", OrderLifecycleEndToEndTest.orderJson("tok_visa", sku, "2"));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String orderId =
                RunningSystem.JSON.readTree(placed.body()).get("orderId").asString();
        String paymentId =
                RunningSystem.JSON.readTree(placed.body()).get("paymentId").asString();
        system.awaitOrderStatus(orderId, Duration.ofSeconds(20), "CONFIRMED");
        HttpResponse<String> confirmedRead = system.query("/api/orders/" + orderId + "?minVersion=1", "APP");
        assertThat(confirmedRead.statusCode()).as(confirmedRead.body()).isEqualTo(200);
        Instant confirmedAt = Instant.now();
        JsonNode confirmed = RunningSystem.JSON.readTree(confirmedRead.body());
        Thread.sleep(20);
        Moment shipped = moment(
                "POST", "/api/orders/" + orderId + "/ship", "{\"carrier\":\"UPS\",\"trackingNumber\":\"1Z999\"}");

        JsonNode atConfirmation = state("order", orderId, "asOf=" + confirmedAt).get("state");
        assertThat(atConfirmation.get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(atConfirmation.get("version").asLong())
                .isEqualTo(confirmed.get("version").asLong());
        assertThat(atConfirmation.get("totals")).isEqualTo(confirmed.get("totals"));
        assertThat(state("order", orderId, "asOf=" + shipped.at()).get("state")).isEqualTo(shipped.answer());
        JsonNode atPlacement = state("order", orderId, "sequence=0").get("state");
        assertThat(atPlacement.get("status").asString()).isEqualTo("PLACED");
        assertThat(atPlacement.get("totals"))
                .isEqualTo(RunningSystem.JSON.readTree(placed.body()).get("totals"));

        system.awaitOrderStatus(orderId, Duration.ofSeconds(20), "SHIPPED");
        Moment refund = refundOnceCaptured(paymentId);
        Thread.sleep(20);
        Moment secondRefund = moment(
                "POST",
                "/api/payments/" + paymentId + "/refunds",
                "{\"amount\":{\"amount\":500,\"currency\":\"EUR\"},\"reason\":\"late\"}");
        assertThat(state("payment", paymentId, "asOf=" + refund.at()).get("state"))
                .isEqualTo(refund.answer());
        assertThat(state("payment", paymentId, "asOf=" + secondRefund.at()).get("state"))
                .isEqualTo(secondRefund.answer());
        assertThat(state("payment", paymentId, "").get("state").get("status").asString())
                .isEqualTo("PARTIALLY_REFUNDED");
    }

    @Test
    void aStateNeedsAKnownTypeAndOneOfAsOfOrSequence() throws Exception {
        assertThat(system.query("/api/audit/streams/parcel/x/state", "AUDITOR").statusCode())
                .isEqualTo(400);
        assertThat(system.query("/api/audit/streams/order/x/state?asOf=yesterday", "AUDITOR")
                        .statusCode())
                .isEqualTo(400);
        assertThat(system.query("/api/audit/streams/order/x/state?sequence=-1", "AUDITOR")
                        .statusCode())
                .isEqualTo(400);
        assertThat(system.query("/api/audit/streams/order/x/state?sequence=1&asOf=2026-01-01", "AUDITOR")
                        .statusCode())
                .isEqualTo(400);
        assertThat(system.query("/api/audit/streams/order/no-such-order/state", "AUDITOR")
                        .statusCode())
                .isEqualTo(404);
        assertThat(system.query("/api/audit/streams/order/x/state", "ANALYST").statusCode())
                .isEqualTo(403);
    }

    private static Moment refundOnceCaptured(String paymentId) {
        HttpResponse<String> refunded = await().alias("payment " + paymentId + " is captured and refunded")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> system.command(
                                "POST",
                                "/api/payments/" + paymentId + "/refunds",
                                "{\"amount\":{\"amount\":1000,\"currency\":\"EUR\"},\"reason\":\"scratched\"}"),
                        response -> response.statusCode() == 200);
        return new Moment(Instant.now(), RunningSystem.JSON.readTree(refunded.body()));
    }

    /** Sends a command, keeps its answer and the moment it came back, then lets the clock move on. */
    private static Moment moment(String method, String path, String json) throws Exception {
        HttpResponse<String> response = system.command(method, path, json);
        Instant at = Instant.now();
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        Thread.sleep(20);
        return new Moment(at, RunningSystem.JSON.readTree(response.body()));
    }

    private static JsonNode state(String type, String id, String query) throws Exception {
        HttpResponse<String> response = system.query(
                "/api/audit/streams/" + type + "/" + id + "/state" + (query.isEmpty() ? "" : "?" + query), "AUDITOR");
        assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(200);
        return RunningSystem.JSON.readTree(response.body());
    }
}
