package io.tally.api.payment;

import io.tally.api.common.Money;

/**
 * Releasing the authorisation decided; the payment processor cancels it at the gateway under the
 * key {@code <paymentId>:void}. {@code reason} {@code authorized-after-close} when the gateway's
 * approval came after the payment had timed out or been voided.
 */
public record PaymentVoidRequestedEvent(
        String paymentId, String orderId, Money amount, String reason, String gatewayReference) {}
