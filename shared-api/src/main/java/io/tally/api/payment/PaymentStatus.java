package io.tally.api.payment;

import io.tally.api.common.Money;

public enum PaymentStatus {
    PENDING,
    AUTHORIZED,
    DECLINED,
    VOIDED,
    CAPTURED,
    PARTIALLY_REFUNDED,
    REFUNDED;

    /** A captured payment after refunds: REFUNDED once they add up to what was captured. */
    public static PaymentStatus afterRefunds(Money refundedTotal, Money captured) {
        return refundedTotal.equals(captured) ? REFUNDED : PARTIALLY_REFUNDED;
    }
}
