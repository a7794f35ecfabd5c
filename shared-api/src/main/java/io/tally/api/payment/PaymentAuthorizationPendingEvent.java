package io.tally.api.payment;

import io.tally.api.common.Money;

/** The gateway took the request but has not answered; the order's deadline decides. */
public record PaymentAuthorizationPendingEvent(String paymentId, String orderId, Money amount) {
}
