package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tally.dev.TestStores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Money moves exactly once, against the card-processor simulator over HTTP: concurrent refunds
 * racing on one payment (and losing concurrency races that are retried), the processor answering
 * slowly, with 5xx, dropping the connection or timing out after it charged, and command-side
 * killed with SIGKILL between the gateway's answer and the event's append. After each, the
 * gateway's ledger and the event store agree movement for movement ({@code ./tally check}'s
 * reconciliation), and every order is in a final state.
 */
class PaymentGatewayEndToEndTest {

    private static final String SIM_KEY = "Bearer " + io.tally.dev.TestStores.GATEWAY_API_KEY;

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RunningSystem system;
    private static String sku;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
        sku = "PAY-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 1000, 0, 1000);
    }

    @AfterEach
    void disarm() throws Exception {
        HTTP.send(
                HttpRequest.newBuilder(gateway("/_sim/faults"))
                        .header("Authorization", SIM_KEY)
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /**
     * Twelve refunds of 300 on a capture of 1000, sent at once to two command-side instances: the
     * instances lose optimistic-concurrency races on the one payment and retry (counted; a round in
     * which the two happened not to overlap, a cold instance being slow, is raced again on a new
     * payment, up to five), the gateway processor's segments are split between them, and still
     * exactly three refunds of each payment are accepted and paid back once each.
     */
    @Test
    void concurrentRefundsNeverPayBackMoreThanWasCapturedNorAnyTwice() throws Exception {
        int second = system.startInstance("command-side-refunds", "command-side");
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            double retriesBefore = retries(system.commandPort) + retries(second);
            for (int round = 0; round < 5 && retries(system.commandPort) + retries(second) == retriesBefore; round++) {
                raceRefunds(pool, shipped("tok_visa"), second);
            }
            assertThat(retries(system.commandPort) + retries(second) - retriesBefore)
                    .as("commands lost concurrency races on the one payment and were sent again")
                    .isPositive();
        } finally {
            pool.shutdownNow();
            system.stopProcess("command-side-refunds");
        }
        assertLedgerAgrees();
    }

    private static void raceRefunds(ExecutorService pool, String orderId, int second) throws Exception {
        String paymentId = paymentOf(orderId);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int port = i % 2 == 0 ? system.commandPort : second;
            Callable<HttpResponse<String>> refund = () -> system.send(
                    "POST",
                    port,
                    "/api/payments/" + paymentId + "/refunds",
                    system.token("APP"),
                    "{\"amount\":{\"amount\":300,\"currency\":\"EUR\"},\"reason\":\"race\"}");
            answers.add(pool.submit(refund));
        }
        int refunded = 0;
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            assertThat(response.statusCode()).as(response.body()).isIn(200, 202, 422);
            if (response.statusCode() == 422) {
                assertThat(response.body()).contains("refund-exceeds-captured");
            } else {
                refunded++;
            }
        }
        assertThat(refunded).as("1000 captured, 300 a refund").isEqualTo(3);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(eventCount(paymentId, "PaymentRefundedEvent"))
                        .isEqualTo(3));
        assertThat(movements(paymentId, "refund")).hasSize(3);
        assertThat(movements(paymentId, "capture")).hasSize(1);
    }

    /** This instance's {@code tally_commands_concurrency_retries_total}, all commands together. */
    private static double retries(int port) throws Exception {
        String metrics =
                system.send("GET", port, "/actuator/prometheus", null, null).body();
        return metrics.lines()
                .filter(line -> line.startsWith("tally_commands_concurrency_retries_total{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void slowFailingAndDroppedAnswersAuthoriseOnce() throws Exception {
        for (String token : List.of("tok_slow", "tok_error_once", "tok_drop_after_charge")) {
            String orderId = system.placeOrder("cus_gateway", sku, "EUR", token);
            assertThat(system.awaitOrderStatus(orderId, Duration.ofSeconds(30), "CONFIRMED", "REJECTED"))
                    .as(token)
                    .isEqualTo("CONFIRMED");
            assertThat(movements(paymentOf(orderId), "authorization")).as(token).hasSize(1);
        }
        assertLedgerAgrees();
    }

    @Test
    void anApprovalThatComesAfterTheDeadlineIsReleasedNeverKept() throws Exception {
        // the first attempt charges and answers only after the client gave up; the order's 3 s deadline passes
        String orderId = system.placeOrder("cus_gateway", sku, "EUR", "tok_timeout_after_charge");
        assertThat(system.awaitOrderStatus(orderId, Duration.ofSeconds(30), "CONFIRMED", "REJECTED"))
                .isIn("CONFIRMED", "REJECTED");
        String paymentId = paymentOf(orderId);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(movements(paymentId, "authorization")).hasSize(1);
            if ("REJECTED".equals(system.orderStatus(orderId))) {
                assertThat(movements(paymentId, "void"))
                        .as("the late approval is released")
                        .hasSize(1);
            }
        });
        String never = system.placeOrder("cus_gateway", sku, "EUR", "tok_timeout");
        assertThat(system.awaitOrderStatus(never, Duration.ofSeconds(30), "CONFIRMED", "REJECTED"))
                .isEqualTo("REJECTED");
        assertThat(movements(paymentOf(never), "authorization")).isEmpty();
        assertLedgerAgrees();
    }

    @Test
    void aCaptureAndARefundWithoutAnAnswerAreAskedAgainUnderTheirKeysNotRepeated() throws Exception {
        arm("capture", "drop-after-apply", 1);
        String orderId = shipped("tok_visa");
        String paymentId = paymentOf(orderId);
        assertThat(movements(paymentId, "capture")).hasSize(1);
        // more 5xx than the adapter retries at once: the refund's outcome is unknown for a while
        arm("refund", "error", 4);
        HttpResponse<String> refund = system.command(
                "POST",
                "/api/payments/" + paymentId + "/refunds",
                "{\"amount\":{\"amount\":100,\"currency\":\"EUR\"},\"reason\":\"flaky processor\"}");
        assertThat(refund.statusCode()).as(refund.body()).isIn(200, 202);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(eventCount(paymentId, "PaymentRefundedEvent"))
                        .isEqualTo(1));
        assertThat(movements(paymentId, "refund")).hasSize(1);
        assertLedgerAgrees();
    }

    @Test
    void commandSideKilledBetweenTheGatewaysAnswerAndTheAppendCapturesOnce() throws Exception {
        String orderId = system.placeOrder("cus_gateway", sku, "EUR", "tok_visa");
        assertThat(system.awaitOrderStatus(orderId, Duration.ofSeconds(30), "CONFIRMED"))
                .isEqualTo("CONFIRMED");
        String paymentId = paymentOf(orderId);
        // the processor charges, then holds its answer past the adapter's timeout
        arm("capture", "timeout-after-apply", 1);
        HttpResponse<String> ship = system.command(
                "POST", "/api/orders/" + orderId + "/ship", "{\"carrier\":\"DHL\",\"trackingNumber\":\"KILL-1\"}");
        assertThat(ship.statusCode()).as(ship.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> movements(paymentId, "capture").size() == 1);
        assertThat(eventCount(paymentId, "PaymentCapturedEvent"))
                .as("killed after the gateway captured, before the capture was recorded")
                .isZero();
        system.killAndRestartCommandSide();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(eventCount(paymentId, "PaymentCapturedEvent"))
                        .isEqualTo(1));
        assertThat(movements(paymentId, "capture")).hasSize(1);
        assertLedgerAgrees();
        HttpResponse<String> ops = system.send(
                "GET",
                system.commandPort,
                "/api/admin/payments/reconciliation?paymentId=" + paymentId,
                system.token("OPS"),
                null);
        assertThat(ops.statusCode()).as(ops.body()).isEqualTo(200);
        JsonNode report = RunningSystem.JSON.readTree(ops.body());
        assertThat(report.get("agreed").asBoolean()).as(ops.body()).isTrue();
        assertThat(report.get("gatewayMovements").asLong()).isEqualTo(2);
        assertThat(system.send(
                                "GET",
                                system.commandPort,
                                "/api/admin/payments/reconciliation",
                                system.token("APP"),
                                null)
                        .statusCode())
                .isEqualTo(403);
    }

    private static String shipped(String token) throws Exception {
        String orderId = system.placeOrder("cus_gateway", sku, "EUR", token);
        assertThat(system.awaitOrderStatus(orderId, Duration.ofSeconds(30), "CONFIRMED", "REJECTED"))
                .isEqualTo("CONFIRMED");
        HttpResponse<String> ship = system.command(
                "POST",
                "/api/orders/" + orderId + "/ship",
                "{\"carrier\":\"DHL\",\"trackingNumber\":\"T-" + orderId + "\"}");
        assertThat(ship.statusCode()).as(ship.body()).isEqualTo(200);
        String paymentId = paymentOf(orderId);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(eventCount(paymentId, "PaymentCapturedEvent"))
                        .isEqualTo(1));
        return orderId;
    }

    private static void assertLedgerAgrees() throws Exception {
        StringBuilder report = new StringBuilder();
        boolean held = system.checkInvariants(report);
        assertThat(report.toString()).contains("gateway ledger and event store agree");
        assertThat(held).as(report.toString()).isTrue();
    }

    private static String paymentOf(String orderId) throws Exception {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(
                        system.stores.jdbcUrl(), system.stores.user(), system.stores.password());
                java.sql.PreparedStatement query = db.prepareStatement(
                        "SELECT payload::jsonb ->> 'paymentId'"
                                + " FROM tally_events.domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0")) {
            query.setString(1, orderId);
            try (java.sql.ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    private static long eventCount(String aggregateId, String type) throws Exception {
        return system.countEvents(aggregateId, type);
    }

    private static List<JsonNode> movements(String paymentId, String type) throws Exception {
        HttpResponse<String> ledger = HTTP.send(
                HttpRequest.newBuilder(gateway("/v1/ledger"))
                        .header("Authorization", "Bearer " + TestStores.GATEWAY_API_KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ledger.statusCode()).isEqualTo(200);
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode movement : RunningSystem.JSON.readTree(ledger.body()).get("movements")) {
            if (paymentId.equals(movement.path("paymentId").asString(""))
                    && type.equals(movement.get("type").asString())) {
                found.add(movement);
            }
        }
        return found;
    }

    private static void arm(String operation, String mode, int count) throws Exception {
        HttpResponse<String> armed = HTTP.send(
                HttpRequest.newBuilder(gateway("/_sim/faults"))
                        .header("Authorization", SIM_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"operation\":\"" + operation + "\",\"mode\":\""
                                + mode + "\",\"count\":" + count + "}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(armed.statusCode()).as(armed.body()).isEqualTo(200);
    }

    private static URI gateway(String path) {
        return URI.create(system.stores.gatewayUrl() + path);
    }
}
