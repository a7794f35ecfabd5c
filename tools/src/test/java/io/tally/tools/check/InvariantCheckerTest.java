package io.tally.tools.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Recorded histories, each breaking one rule (or none), through the checker. */
class InvariantCheckerTest {

    private static final String INV = "io.tally.api.inventory.";
    private static final String ORD = "io.tally.api.order.";
    private static final String PAY = "io.tally.api.payment.";

    private final InvariantChecker checker = new InvariantChecker();
    private long index;

    private void event(String aggregate, long sequence, String type, String payload) {
        checker.accept(new InvariantChecker.Event(++index, aggregate, sequence, type, payload));
    }

    private Map<String, Long> broken() {
        return checker.finish().stream()
                .filter(r -> r.broken() > 0)
                .collect(Collectors.toMap(InvariantChecker.Rule::name, InvariantChecker.Rule::broken));
    }

    private void item(String sku, long onHand) {
        event(sku, 0, INV + "InventoryItemRegisteredEvent", "{\"sku\":\"" + sku + "\"}");
        event(
                sku,
                1,
                INV + "StockReceivedEvent",
                "{\"sku\":\"" + sku + "\",\"quantity\":" + onHand + ",\"onHand\":" + onHand + "}");
    }

    private void order(String orderId, long total) {
        event(
                orderId,
                0,
                ORD + "OrderPlacedEvent",
                "{\"orderId\":\"" + orderId + "\",\"paymentId\":\"p-" + orderId
                        + "\",\"totals\":{\"total\":{\"amount\":" + total + ",\"currency\":\"EUR\"}}}");
    }

    private void reserve(String sku, long seq, String orderId, long quantity, long reservedAfter) {
        event(
                sku,
                seq,
                INV + "StockReservedEvent",
                "{\"sku\":\"" + sku + "\",\"orderId\":\"" + orderId + "\",\"quantity\":" + quantity + ",\"reserved\":"
                        + reservedAfter + "}");
    }

    private void payment(String orderId, long seq, String type, String extra) {
        event(
                "p-" + orderId,
                seq,
                PAY + type,
                "{\"paymentId\":\"p-" + orderId + "\",\"orderId\":\"" + orderId + "\"" + extra + "}");
    }

    @Test
    void aCleanLifeBreaksNothing() {
        item("A", 5);
        order("o1", 1000);
        reserve("A", 2, "o1", 2, 2);
        payment("o1", 0, "PaymentAuthorizedEvent", ",\"amount\":{\"amount\":1000}");
        event("o1", 1, ORD + "OrderConfirmedEvent", "{}");
        event("o1", 2, ORD + "OrderShippedEvent", "{}");
        event(
                "A",
                3,
                INV + "StockCommittedEvent",
                "{\"sku\":\"A\",\"orderId\":\"o1\",\"quantity\":2,\"onHand\":3," + "\"reserved\":0}");
        payment("o1", 1, "PaymentCapturedEvent", ",\"amount\":{\"amount\":1000}");
        payment("o1", 2, "PaymentRefundedEvent", ",\"amount\":{\"amount\":400},\"refundedTotal\":{\"amount\":400}");
        assertThat(broken()).isEmpty();
        assertThat(checker.items().get("A").onHand).isEqualTo(3);
        assertThat(checker.payments().get("p-o1").status).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(checker.orders().get("o1").status).isEqualTo("SHIPPED");
    }

    @Test
    void overReservingMakesAvailableNegative() {
        item("A", 1);
        order("o1", 1000);
        reserve("A", 2, "o1", 2, 2);
        assertThat(broken()).containsKey("available stock never negative");
    }

    @Test
    void aRejectedOrderThatKeepsItsReservationLosesStock() {
        item("A", 5);
        order("o1", 1000);
        reserve("A", 2, "o1", 2, 2);
        event("o1", 1, ORD + "OrderRejectedEvent", "{}");
        assertThat(broken()).containsOnlyKeys("no reservation left on a finished order");
    }

    @Test
    void twoCapturesOrRefundsAboveTheCaptureCreateMoney() {
        order("o1", 1000);
        payment("o1", 0, "PaymentAuthorizedEvent", ",\"amount\":{\"amount\":1000}");
        payment("o1", 1, "PaymentCapturedEvent", ",\"amount\":{\"amount\":1000}");
        payment("o1", 2, "PaymentCapturedEvent", ",\"amount\":{\"amount\":1000}");
        payment("o1", 3, "PaymentRefundedEvent", ",\"amount\":{\"amount\":1500},\"refundedTotal\":{\"amount\":1500}");
        assertThat(broken())
                .containsKeys("at most one capture per order", "captured - refunded within [0, order total]");
    }

    @Test
    void anEventReportingALevelItsHistoryDoesNotAddUpToIsFound() {
        item("A", 5);
        event("A", 2, INV + "StockAdjustedEvent", "{\"sku\":\"A\",\"delta\":-1,\"onHand\":7}");
        assertThat(broken()).containsOnlyKeys("events report the levels their history adds up to");
    }

    @Test
    void anItemReportingMoreReservedThanItsOpenReservationsIsFound() {
        item("A", 5);
        order("o1", 1000);
        reserve("A", 2, "o1", 2, 3);
        assertThat(broken()).containsOnlyKeys("reserved equals open reservations");
    }

    @Test
    void aShippedOrderWithoutACaptureIsFound() {
        order("o1", 1000);
        payment("o1", 0, "PaymentAuthorizedEvent", ",\"amount\":{\"amount\":1000}");
        event("o1", 1, ORD + "OrderConfirmedEvent", "{}");
        event("o1", 2, ORD + "OrderShippedEvent", "{}");
        assertThat(broken()).containsOnlyKeys("every shipped order captured, every cancelled authorisation voided");
        assertThat(List.of(checker.orders().get("o1").status)).containsExactly("SHIPPED");
    }

    @Test
    void theGatewaysLedgerMustMatchTheStoreMovementForMovement() {
        order("o1", 1000);
        payment("o1", 0, "PaymentAuthorizationPendingEvent", ",\"amount\":{\"amount\":1000}");
        payment("o1", 1, "PaymentAuthorizedEvent", ",\"amount\":{\"amount\":1000}");
        payment("o1", 2, "PaymentCaptureRequestedEvent", ",\"amount\":{\"amount\":1000}");
        payment("o1", 3, "PaymentCapturedEvent", ",\"amount\":{\"amount\":1000}");
        payment("o1", 4, "PaymentRefundRequestedEvent", ",\"refundId\":\"r1\",\"amount\":{\"amount\":300}");
        payment(
                "o1",
                5,
                "PaymentRefundedEvent",
                ",\"refundId\":\"r1\",\"amount\":{\"amount\":300}," + "\"refundedTotal\":{\"amount\":300}");
        order("o2", 500);
        payment("o2", 0, "PaymentAuthorizationPendingEvent", ",\"amount\":{\"amount\":500}");
        payment("o2", 1, "PaymentAuthorizedEvent", ",\"amount\":{\"amount\":500}");
        payment("o2", 2, "PaymentVoidRequestedEvent", ",\"amount\":{\"amount\":500}");
        payment("o2", 3, "PaymentVoidedEvent", ",\"amount\":{\"amount\":500}");
        List<InvariantChecker.Movement> agreed = List.of(
                new InvariantChecker.Movement("authorization", "p-o1", null, 1000),
                new InvariantChecker.Movement("capture", "p-o1", null, 1000),
                new InvariantChecker.Movement("refund", "p-o1", "r1", 300),
                new InvariantChecker.Movement("authorization", "p-o2", null, 500),
                new InvariantChecker.Movement("void", "p-o2", null, 500));
        assertThat(checker.reconcile(agreed).broken()).isZero();

        List<InvariantChecker.Movement> twice = new java.util.ArrayList<>(agreed);
        twice.add(new InvariantChecker.Movement("capture", "p-o1", null, 1000));
        assertThat(checker.reconcile(twice).examples())
                .containsExactly("payment p-o1 capture 1000: 2x in the gateway's ledger, 1x in the event store");
        List<InvariantChecker.Movement> missing = agreed.subList(0, 4);
        assertThat(checker.reconcile(missing).examples())
                .containsExactly("payment p-o2 void 500: 0x in the gateway's ledger, 1x in the event store");
        List<InvariantChecker.Movement> otherAmount = new java.util.ArrayList<>(agreed);
        otherAmount.set(2, new InvariantChecker.Movement("refund", "p-o1", "r1", 301));
        assertThat(checker.reconcile(otherAmount).broken()).isEqualTo(2);
        List<InvariantChecker.Movement> stranger = new java.util.ArrayList<>(agreed);
        stranger.add(new InvariantChecker.Movement("authorization", "p-unknown", null, 5));
        assertThat(checker.reconcile(stranger).broken())
                .as("money moved for a payment the store never saw")
                .isOne();
    }
}
