package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The order lifecycle of API.md over real HTTP: every path ends where it should, stock restored. */
class OrderLifecycleEndToEndTest {

    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    private static String sku(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String orderJson(String token, String... skuAndQuantity) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            lines.append(i == 0 ? "" : ",")
                    .append("{\"sku\":\"")
                    .append(skuAndQuantity[i])
                    .append("\",\"quantity\":")
                    .append(skuAndQuantity[i + 1])
                    .append('}');
        }
        return """
                {"customerId":"cus_e2e","customerName":"Ada Lovelace","customerEmail":"ada@example.com",
                 "currency":"EUR","lines":[%s],"paymentToken":"%s"}""".formatted(lines, token);
    }

    private static JsonNode place(String json) throws Exception {
        HttpResponse<String> response = system.command("POST", "/api/orders", json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode order = RunningSystem.JSON.readTree(response.body());
        assertThat(response.headers().firstValue("Location"))
                .hasValue("/api/orders/" + order.get("orderId").asString());
        assertThat(order.get("status").asString()).isEqualTo("PLACED");
        return order;
    }

    @Test
    void placedThenConfirmedThenShippedThenRefundedPartlyAndFully() throws Exception {
        String book = sku("BOOK");
        String pen = sku("PEN");
        system.stock(book, 3999, 700, 10);
        system.stock(pen, 1250, 1900, 5);
        JsonNode order = place(orderJson("tok_visa", book, "2", pen, "1"));
        // 2 x 39.99 + 12.50 = 92.48; tax 5.60 + 2.38 (half-even per line); total 100.46
        assertThat(order.get("totals").get("subtotal").get("amount").asLong()).isEqualTo(9248);
        assertThat(order.get("totals").get("tax").get("amount").asLong()).isEqualTo(798);
        assertThat(order.get("totals").get("total").get("amount").asLong()).isEqualTo(10046);
        String orderId = order.get("orderId").asString();
        String paymentId = order.get("paymentId").asString();

        assertThat(system.awaitOrderStatus(orderId, SETTLE, "CONFIRMED", "REJECTED"))
                .isEqualTo("CONFIRMED");
        system.awaitLevels(book, 10, 2);

        HttpResponse<String> shipped = system.command(
                "POST", "/api/orders/" + orderId + "/ship", "{\"carrier\":\"DHL\",\"trackingNumber\":\"JD000123\"}");
        assertThat(shipped.statusCode()).as(shipped.body()).isEqualTo(200);
        assertThat(shipped.body()).contains("\"status\":\"SHIPPED\"");
        system.awaitLevels(book, 8, 0);
        system.awaitLevels(pen, 4, 0);

        HttpResponse<String> partial = awaitCaptureThenRefund(paymentId, 1046);
        assertThat(partial.body()).contains("\"status\":\"PARTIALLY_REFUNDED\"", "\"refunded\":{\"amount\":1046");
        HttpResponse<String> tooMuch = system.command(
                "POST",
                "/api/payments/" + paymentId + "/refunds",
                "{\"amount\":{\"amount\":9001,\"currency\":\"EUR\"},\"reason\":\"greedy\"}");
        assertThat(tooMuch.statusCode()).isEqualTo(422);
        assertThat(tooMuch.body()).contains("\"code\":\"refund-exceeds-captured\"");
        HttpResponse<String> rest = system.command(
                "POST",
                "/api/payments/" + paymentId + "/refunds",
                "{\"amount\":{\"amount\":9000,\"currency\":\"EUR\"},\"reason\":\"returned\"}");
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
        assertThat(rest.body()).contains("\"status\":\"REFUNDED\"", "\"refunded\":{\"amount\":10046");

        HttpResponse<String> read = system.query("/api/orders/" + orderId + "?minVersion=2", "APP");
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains("\"status\":\"SHIPPED\"", "\"total\":{\"amount\":10046");
        // the version the full refund wrote (its ETag), not a count of events that the partial refund also reaches
        String refundedVersion = rest.headers().firstValue("ETag").orElseThrow().replace("\"", "");
        HttpResponse<String> payment =
                system.query("/api/payments/" + paymentId + "?minVersion=" + refundedVersion, "APP");
        assertThat(payment.statusCode()).as(payment.body()).isEqualTo(200);
        assertThat(payment.body()).contains("\"status\":\"REFUNDED\"", "\"refunded\":{\"amount\":10046");
    }

    /** Until the saga has captured the payment, a refund is refused as not captured, and only so. */
    private static HttpResponse<String> awaitCaptureThenRefund(String paymentId, long amount) {
        return await().alias("the payment is captured, then refunded")
                .atMost(SETTLE)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> system.command(
                                "POST",
                                "/api/payments/" + paymentId + "/refunds",
                                "{\"amount\":{\"amount\":" + amount
                                        + ",\"currency\":\"EUR\"},\"reason\":\"scratched\"}"),
                        response -> {
                            if (response.statusCode() != 200) {
                                assertThat(response.body()).contains("payment-not-captured");
                            }
                            return response.statusCode() == 200;
                        });
    }

    @Test
    void outOfStockOnTheSecondLineRejectsAndRestoresTheFirst() throws Exception {
        String book = sku("BOOK");
        String pen = sku("PEN");
        system.stock(book, 3999, 700, 10);
        system.stock(pen, 1250, 1900, 1);
        String orderId =
                place(orderJson("tok_visa", book, "3", pen, "2")).get("orderId").asString();
        assertThat(system.awaitOrderStatus(orderId, SETTLE, "CONFIRMED", "REJECTED"))
                .isEqualTo("REJECTED");
        system.awaitLevels(book, 10, 0);
        system.awaitLevels(pen, 1, 0);
    }

    @Test
    void aDeclinedPaymentRejectsAndRestoresStock() throws Exception {
        String book = sku("BOOK");
        system.stock(book, 3999, 700, 10);
        JsonNode order = place(orderJson("tok_declined", book, "4"));
        String orderId = order.get("orderId").asString();
        assertThat(system.awaitOrderStatus(orderId, SETTLE, "CONFIRMED", "REJECTED"))
                .isEqualTo("REJECTED");
        system.awaitLevels(book, 10, 0);
        JsonNode payment = payment(order.get("paymentId").asString(), 0);
        assertThat(payment.get("declineCode").asString()).isEqualTo("card_declined");
        assertThat(payment.get("timedOut").asBoolean()).isFalse();
    }

    private static JsonNode payment(String paymentId, long minVersion) throws Exception {
        HttpResponse<String> read = system.query("/api/payments/" + paymentId + "?minVersion=" + minVersion, "APP");
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        JsonNode payment = RunningSystem.JSON.readTree(read.body());
        assertThat(payment.get("status").asString()).isEqualTo("DECLINED");
        return payment;
    }

    @Test
    void aGatewayThatNeverAnswersRejectsAtTheDeadlineAndRestoresStock() throws Exception {
        String book = sku("BOOK");
        system.stock(book, 3999, 700, 10);
        JsonNode order = place(orderJson("tok_timeout", book, "4"));
        String orderId = order.get("orderId").asString();
        system.awaitLevels(book, 10, 4);
        assertThat(system.orderStatus(orderId)).isEqualTo("PLACED");
        assertThat(system.awaitOrderStatus(orderId, SETTLE, "CONFIRMED", "REJECTED"))
                .isEqualTo("REJECTED");
        system.awaitLevels(book, 10, 0);
        JsonNode payment = payment(order.get("paymentId").asString(), 1);
        assertThat(payment.get("timedOut").asBoolean()).isTrue();
        assertThat(payment.get("declineCode").isNull()).isTrue();
    }

    @Test
    void cancellingBeforeAndAfterConfirmationRestoresStock() throws Exception {
        String book = sku("BOOK");
        system.stock(book, 3999, 700, 10);
        String pending =
                place(orderJson("tok_timeout", book, "1")).get("orderId").asString();
        system.awaitLevels(book, 10, 1);
        HttpResponse<String> cancelled =
                system.command("POST", "/api/orders/" + pending + "/cancel", "{\"reason\":\"changed my mind\"}");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.body()).contains("\"status\":\"CANCELLED\"");

        String confirmed =
                place(orderJson("tok_visa", book, "2")).get("orderId").asString();
        assertThat(system.awaitOrderStatus(confirmed, SETTLE, "CONFIRMED", "REJECTED"))
                .isEqualTo("CONFIRMED");
        assertThat(system.command("POST", "/api/orders/" + confirmed + "/cancel", "{\"reason\":\"duplicate\"}")
                        .statusCode())
                .isEqualTo(200);
        system.awaitLevels(book, 10, 0);

        HttpResponse<String> again =
                system.command("POST", "/api/orders/" + confirmed + "/cancel", "{\"reason\":\"again\"}");
        assertThat(again.statusCode()).isEqualTo(422);
        HttpResponse<String> ship = system.command(
                "POST", "/api/orders/" + confirmed + "/ship", "{\"carrier\":\"DHL\",\"trackingNumber\":\"1\"}");
        assertThat(ship.statusCode()).isEqualTo(422);
        assertThat(ship.body()).contains("\"code\":\"order-not-confirmed\"");
    }

    @Test
    void placementRefusalsAnswerWithoutStoringAnOrder() throws Exception {
        String book = sku("BOOK");
        system.stock(book, 3999, 700, 10);
        HttpResponse<String> unknownSku = system.command(
                "POST",
                "/api/orders",
                orderJson(
                        "tok_visa",
                        book,
                        "1",
                        "NOPE-" + UUID.randomUUID().toString().substring(0, 8),
                        "1"));
        assertThat(unknownSku.statusCode()).isEqualTo(422);
        assertThat(unknownSku.body()).contains("\"code\":\"unknown-sku\"");
        HttpResponse<String> tooMany = system.command("POST", "/api/orders", orderJson("tok_visa", book, "10001"));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("lines[0].quantity");
        HttpResponse<String> dollars = system.command(
                "POST", "/api/orders", orderJson("tok_visa", book, "1").replace("\"EUR\"", "\"USD\""));
        assertThat(dollars.statusCode()).isEqualTo(422);
        assertThat(dollars.body()).contains("\"code\":\"currency-mismatch\"");
        HttpResponse<String> unknownCode = system.command(
                "POST",
                "/api/orders",
                orderJson("tok_visa", book, "1")
                        .replace("\"paymentToken\"", "\"discountCode\":\"FREE\",\"paymentToken\""));
        assertThat(unknownCode.statusCode()).isEqualTo(422);
        assertThat(unknownCode.body()).contains("\"code\":\"unknown-discount-code\"");
        system.awaitLevels(book, 10, 0);
    }
}
