package io.tally.api.payment;

import io.tally.api.common.Money;

import java.time.Instant;

/** A payment as the query side answers it. */
public record PaymentDetailsView(String paymentId, String orderId, PaymentStatus status, Money authorized,
                                 Money captured, Money refunded, long version, Instant updatedAt) {
}
