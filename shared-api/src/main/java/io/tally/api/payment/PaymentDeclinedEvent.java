package io.tally.api.payment;

import io.tally.api.common.Money;

/** {@code reason}: the gateway's decline code, or {@code gateway-timeout}. */
public record PaymentDeclinedEvent(String paymentId, String orderId, Money amount, String reason) {
}
