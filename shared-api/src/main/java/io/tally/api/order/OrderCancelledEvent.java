package io.tally.api.order;

/** {@code previousStatus} tells the saga what to compensate: PLACED or CONFIRMED. */
public record OrderCancelledEvent(String orderId, String reason, OrderStatus previousStatus) {}
