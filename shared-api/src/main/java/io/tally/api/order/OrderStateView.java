package io.tally.api.order;

/** An order as the command side answers it after a command. */
public record OrderStateView(String orderId, OrderStatus status, OrderTotals totals, String paymentId, long version) {}
