package io.tally.api.order;

import io.tally.api.payment.PaymentStatus;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An order as the query side answers it. {@code paymentStatus} is null until the gateway has answered. */
public record OrderView(
        String orderId,
        OrderStatus status,
        String customerId,
        String customerName,
        String customerEmail,
        String currency,
        List<OrderLine> lines,
        OrderTotals totals,
        @Nullable String discountCode,
        String paymentId,
        @Nullable PaymentStatus paymentStatus,
        @Nullable String reason,
        long version,
        Instant placedAt,
        Instant updatedAt) {

    /** The same order with the customer's name and email as given (opened from their sealed form). */
    public OrderView withCustomer(String name, String email) {
        return new OrderView(
                orderId,
                status,
                customerId,
                name,
                email,
                currency,
                lines,
                totals,
                discountCode,
                paymentId,
                paymentStatus,
                reason,
                version,
                placedAt,
                updatedAt);
    }
}
