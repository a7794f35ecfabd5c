package io.tally.api.order;

public record OrderConfirmedEvent(String orderId, String paymentId) {}
