package io.tally.query.order;

import io.tally.api.order.OrderLine;
import io.tally.api.order.OrderPlacedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An order in the {@code orders} Elasticsearch index. It joins two streams, the order's and its
 * payment's, and keeps the last sequence number applied of each ({@code -1}: none yet), so every
 * event applies exactly once whatever the order of delivery. The placement fields stay null until
 * the order's placement event arrives; queries only see placed orders.
 */
record OrderDocument(
        String orderId,
        String customerId,
        String customerName,
        String customerEmail,
        String currency,
        String status,
        String reason,
        String discountCode,
        Long subtotal,
        Long discount,
        Long tax,
        Long total,
        String paymentId,
        String paymentStatus,
        long refunded,
        List<Line> lines,
        List<String> products,
        List<Refund> refunds,
        String placedAt,
        String updatedAt,
        long orderVersion,
        long paymentVersion) {

    /** {@code gross}: the line's total (its share of the discount taken off, tax included). */
    record Line(String sku, String name, long quantity, long unitPrice, long gross, long tax, String currency) {}

    record Refund(String refundId, String at, long amount) {}

    static OrderDocument empty(String orderId) {
        return new OrderDocument(
                orderId, null, null, null, null, null, null, null, null, null, null, null, null, null, 0, List.of(),
                List.of(), List.of(), null, null, -1, -1);
    }

    boolean placed() {
        return placedAt != null;
    }

    /**
     * The placement's fields, with the customer's name and email as opened from their sealed form;
     * the status too unless a later order event already set it.
     */
    OrderDocument placed(OrderPlacedEvent event, String name, String email, String at) {
        List<Line> newLines = event.lines().stream().map(OrderDocument::line).toList();
        List<String> names =
                event.lines().stream().map(OrderLine::name).distinct().toList();
        boolean newest = orderVersion < 0;
        return new OrderDocument(
                orderId,
                event.customerId(),
                name,
                email,
                event.currency(),
                newest ? "PLACED" : status,
                reason,
                event.discountCode(),
                event.totals().subtotal().amount(),
                event.totals().discount().amount(),
                event.totals().tax().amount(),
                event.totals().total().amount(),
                event.paymentId(),
                paymentStatus,
                refunded,
                newLines,
                names,
                refunds,
                at,
                newest || updatedAt == null ? at : updatedAt,
                Math.max(orderVersion, 0),
                paymentVersion);
    }

    OrderDocument withStatus(String newStatus, String newReason, long sequence, String at) {
        return new OrderDocument(
                orderId,
                customerId,
                customerName,
                customerEmail,
                currency,
                newStatus,
                newReason == null ? reason : newReason,
                discountCode,
                subtotal,
                discount,
                tax,
                total,
                paymentId,
                paymentStatus,
                refunded,
                lines,
                products,
                refunds,
                placedAt,
                later(at),
                sequence,
                paymentVersion);
    }

    OrderDocument withPayment(
            String newPaymentId, String newPaymentStatus, long newRefunded, Refund refund, long sequence, String at) {
        List<Refund> newRefunds = refunds;
        if (refund != null) {
            newRefunds = new ArrayList<>(refunds);
            newRefunds.add(refund);
        }
        return new OrderDocument(
                orderId,
                customerId,
                customerName,
                customerEmail,
                currency,
                status,
                reason,
                discountCode,
                subtotal,
                discount,
                tax,
                total,
                paymentId == null ? newPaymentId : paymentId,
                newPaymentStatus,
                newRefunded,
                lines,
                products,
                newRefunds,
                placedAt,
                later(at),
                orderVersion,
                sequence);
    }

    private String later(String at) {
        return updatedAt == null || Instant.parse(at).isAfter(Instant.parse(updatedAt)) ? at : updatedAt;
    }

    private static Line line(OrderLine line) {
        return new Line(
                line.sku(),
                line.name(),
                line.quantity(),
                line.unitPrice().amount(),
                line.total().amount(),
                line.tax().amount(),
                line.total().currency());
    }
}
