package io.tally.api.payment;

import io.tally.api.common.Money;

public record PaymentAuthorizedEvent(String paymentId, String orderId, Money amount, String gatewayReference) {}
