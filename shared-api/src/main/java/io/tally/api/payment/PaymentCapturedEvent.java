package io.tally.api.payment;

import io.tally.api.common.Money;

public record PaymentCapturedEvent(String paymentId, String orderId, Money amount) {}
