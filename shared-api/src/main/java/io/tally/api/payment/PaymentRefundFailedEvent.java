package io.tally.api.payment;

import io.tally.api.common.Money;

/** The gateway refused the refund ({@code code}); the held amount is free again and no money moved. */
public record PaymentRefundFailedEvent(String paymentId, String orderId, String refundId, Money amount, String code) {}
