package io.tally.api.payment;

import io.tally.api.common.Money;

/**
 * A refund decided and its amount held against what was captured; the payment processor pays it
 * back at the gateway under the key {@code <paymentId>:refund:<refundId>}.
 */
public record PaymentRefundRequestedEvent(
        String paymentId, String orderId, String refundId, Money amount, String reason, String gatewayReference) {}
