package io.tally.api.payment;

import io.tally.api.common.Money;

/** {@code refundedTotal} is the sum of all refunds after this one. */
public record PaymentRefundedEvent(
        String paymentId,
        String orderId,
        String refundId,
        Money amount,
        String reason,
        Money refundedTotal,
        Money captured) {}
