package io.tally.api.order;

public record OrderRejectedEvent(String orderId, String reason, String detail) {
}
