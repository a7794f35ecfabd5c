package io.tally.api.payment;

import io.tally.api.common.Money;

/** The gateway refused the capture ({@code code}, e.g. {@code payment_intent_unexpected_state}); no money moved. */
public record PaymentCaptureFailedEvent(String paymentId, String orderId, Money amount, String code) {}
