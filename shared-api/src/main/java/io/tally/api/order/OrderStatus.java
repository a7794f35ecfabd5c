package io.tally.api.order;

public enum OrderStatus {
    PLACED,
    CONFIRMED,
    SHIPPED,
    REJECTED,
    CANCELLED
}
