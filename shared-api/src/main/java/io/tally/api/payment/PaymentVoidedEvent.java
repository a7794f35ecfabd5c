package io.tally.api.payment;

import io.tally.api.common.Money;

public record PaymentVoidedEvent(String paymentId, String orderId, Money amount, String reason) {}
