package io.tally.query.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.api.common.Money;
import io.tally.api.order.OrderConfirmedEvent;
import io.tally.api.order.OrderLine;
import io.tally.api.order.OrderPlacedEvent;
import io.tally.api.order.OrderShippedEvent;
import io.tally.api.order.OrderTotals;
import io.tally.api.payment.PaymentAuthorizationPendingEvent;
import io.tally.api.payment.PaymentAuthorizedEvent;
import io.tally.api.payment.PaymentCapturedEvent;
import io.tally.api.payment.PaymentDeclinedEvent;
import io.tally.api.payment.PaymentRefundedEvent;
import io.tally.query.QuerySideTest;
import io.tally.query.projection.ProjectionWrites;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

class OrderReadModelTest extends QuerySideTest {

    @Autowired
    private OrderProjector orders;

    @Autowired
    private NamedParameterJdbcTemplate jdbc;

    @Autowired
    private JsonMapper json;

    @Autowired
    private OrderUpdates updates;

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("paymentProjector")
    private Object payments;

    private static final Money TOTAL = Money.of(2400, "EUR");

    private List<EventMessage<?>> history(String orderId, String paymentId) {
        OrderLine line = new OrderLine(
                "MUG-1",
                "Mug",
                2,
                Money.of(1000, "EUR"),
                2000,
                Money.of(2000, "EUR"),
                Money.of(0, "EUR"),
                Money.of(400, "EUR"),
                TOTAL);
        return List.of(
                event(
                        "Order",
                        orderId,
                        0,
                        new OrderPlacedEvent(
                                orderId,
                                "cus_1",
                                "Ada",
                                "ada@example.com",
                                "EUR",
                                List.of(line),
                                null,
                                new OrderTotals(Money.of(2000, "EUR"), Money.of(0, "EUR"), Money.of(400, "EUR"), TOTAL),
                                paymentId)),
                event("Payment", paymentId, 0, new PaymentAuthorizedEvent(paymentId, orderId, TOTAL, "auth_1")),
                event("Order", orderId, 1, new OrderConfirmedEvent(orderId, paymentId)),
                event("Order", orderId, 2, new OrderShippedEvent(orderId, "DHL", "JD1")),
                event("Payment", paymentId, 1, new PaymentCapturedEvent(paymentId, orderId, TOTAL)),
                event(
                        "Payment",
                        paymentId,
                        2,
                        new PaymentRefundedEvent(
                                paymentId,
                                orderId,
                                "r1",
                                Money.of(400, "EUR"),
                                "scratched",
                                Money.of(400, "EUR"),
                                TOTAL)));
    }

    @Test
    void anOrderAndItsPaymentReadAsTheirEventsSay() throws Exception {
        String orderId = uniqueId("ord");
        String paymentId = uniqueId("pay");
        List<EventMessage<?>> events = history(orderId, paymentId);
        replay(events, orders, payments);
        replay(List.of(events.get(2), events.get(0), events.get(4)), orders, payments);

        HttpResponse<String> order = get("/api/orders/" + orderId + "?minVersion=2", "APP");
        assertThat(order.statusCode()).as(order.body()).isEqualTo(200);
        assertThat(order.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(order.body())
                .contains(
                        "\"status\":\"SHIPPED\"",
                        "\"paymentStatus\":\"PARTIALLY_REFUNDED\"",
                        "\"customerName\":\"Ada\"",
                        "\"total\":{\"amount\":2400,\"currency\":\"EUR\"}",
                        "\"lines\":[{\"sku\":\"MUG-1\",\"name\":\"Mug\",\"quantity\":2",
                        "\"version\":2",
                        "\"placedAt\":\"2026-11-22T10:00:00Z\"",
                        "\"updatedAt\":\"2026-11-22T10:00:02Z\"");

        HttpResponse<String> payment = get("/api/payments/" + paymentId, "ANALYST");
        assertThat(payment.statusCode()).isEqualTo(200);
        assertThat(payment.body())
                .contains(
                        "\"status\":\"PARTIALLY_REFUNDED\"",
                        "\"captured\":{\"amount\":2400,\"currency\":\"EUR\"}",
                        "\"refunded\":{\"amount\":400,\"currency\":\"EUR\"}",
                        "\"version\":2");
    }

    @Test
    void aGatewaysAnswerLeavesThePaymentRowAsItSaysWithOrWithoutItsPendingAndOnlyOnce() {
        String seen = uniqueId("pay");
        String missed = uniqueId("pay");
        String orderId = uniqueId("ord");
        EventMessage<?> pending = event("Payment", seen, 0, new PaymentAuthorizationPendingEvent(seen, orderId, TOTAL));
        EventMessage<?> declined =
                event("Payment", seen, 1, new PaymentDeclinedEvent(seen, orderId, TOTAL, "card_declined", false));
        EventMessage<?> timedOut =
                event("Payment", missed, 1, new PaymentDeclinedEvent(missed, orderId, TOTAL, null, true));

        replay(List.of(pending, declined), payments);
        replay(List.of(timedOut), payments);
        // redeliveries, the pending one after its answer: nothing moves back
        replay(List.of(declined, pending), payments);
        replay(
                List.of(
                        event("Payment", missed, 0, new PaymentAuthorizationPendingEvent(missed, orderId, TOTAL)),
                        timedOut),
                payments);

        String columns = "status, decline_code, timed_out, authorized, version";
        assertThat(jdbc.queryForMap(
                        "SELECT " + columns + " FROM payment_view WHERE payment_id = :id", Map.of("id", seen)))
                .containsEntry("status", "DECLINED")
                .containsEntry("decline_code", "card_declined")
                .containsEntry("timed_out", false)
                .containsEntry("authorized", 2400L)
                .containsEntry("version", 1L);
        Map<String, Object> timedOutRow = jdbc.queryForMap(
                "SELECT " + columns + " FROM payment_view WHERE payment_id = :id", Map.of("id", missed));
        assertThat(timedOutRow)
                .containsEntry("status", "DECLINED")
                .containsEntry("timed_out", true)
                .containsEntry("version", 1L);
        assertThat(timedOutRow.get("decline_code")).isNull();
    }

    @Test
    void aReplaysBatchedWritesBuildTheSameOrderRowAsTheLiveProjector() {
        String live = uniqueId("ord");
        String replayed = uniqueId("ord");
        OrderProjector batched = new OrderProjector(ProjectionWrites.batched(jdbc), json, updates);
        List<EventMessage<?>> liveEvents = history(live, uniqueId("pay"));
        List<EventMessage<?>> replayedEvents = history(replayed, uniqueId("pay"));
        replay(liveEvents, orders);
        replay(List.of(liveEvents.get(2), liveEvents.get(0), liveEvents.get(3)), orders);
        // one batch, as a replay sends them, the same redeliveries in the next
        replay(replayedEvents, batched);
        replay(List.of(replayedEvents.get(2), replayedEvents.get(0), replayedEvents.get(3)), batched);

        String columns =
                "status, reason, currency, lines::text, subtotal, discount, tax, total, placed_at, updated_at, version";
        Map<String, Object> expected =
                jdbc.queryForMap("SELECT " + columns + " FROM order_view WHERE order_id = :id", Map.of("id", live));
        assertThat(expected).containsEntry("status", "SHIPPED").containsEntry("version", 2L);
        assertThat(jdbc.queryForMap(
                        "SELECT " + columns + " FROM order_view WHERE order_id = :id", Map.of("id", replayed)))
                .isEqualTo(expected);
    }

    @Test
    void unknownIdsAre404AndRolesFollowTheContract() throws Exception {
        assertThat(get("/api/orders/" + uniqueId("ord"), "ANALYST").statusCode())
                .isEqualTo(404);
        assertThat(get("/api/payments/" + uniqueId("pay"), "APP").statusCode()).isEqualTo(404);
        assertThat(get("/api/orders/x", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/orders/x", "AUDITOR").statusCode()).isEqualTo(403);
        assertThat(get("/api/payments/x", "OPS").statusCode()).isEqualTo(403);
    }
}
