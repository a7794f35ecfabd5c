package io.tally.api.payment;

import io.tally.api.common.Money;

/** Capture decided; the payment processor takes the money at the gateway under the key {@code <paymentId>:capture}. */
public record PaymentCaptureRequestedEvent(String paymentId, String orderId, Money amount, String gatewayReference) {}
