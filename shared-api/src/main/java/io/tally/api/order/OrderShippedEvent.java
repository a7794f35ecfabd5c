package io.tally.api.order;

public record OrderShippedEvent(String orderId, String carrier, String trackingNumber) {}
