package io.tally.api.order;

import java.util.List;

public record OrderPlacedEvent(String orderId,
                               String customerId,
                               String customerName,
                               String customerEmail,
                               String currency,
                               List<OrderLine> lines,
                               String discountCode,
                               OrderTotals totals,
                               String paymentId) {
}
