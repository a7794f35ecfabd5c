package io.tally.api.payment;

import io.tally.api.common.Money;

/** A payment as the command side answers it after a command. */
public record PaymentView(
        String paymentId,
        String orderId,
        PaymentStatus status,
        Money authorized,
        Money captured,
        Money refunded,
        long version) {}
