package io.tally.api.payment;

public enum PaymentStatus {
    PENDING, AUTHORIZED, DECLINED, VOIDED, CAPTURED, PARTIALLY_REFUNDED, REFUNDED
}
