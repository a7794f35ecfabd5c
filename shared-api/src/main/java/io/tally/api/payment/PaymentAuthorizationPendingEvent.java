package io.tally.api.payment;

import io.tally.api.common.Money;

/**
 * Authorisation requested: the payment processor asks the gateway under the key
 * {@code <paymentId>:authorize} and records its answer; until then the payment is PENDING and the
 * order's deadline decides. (Before the payment processor, this meant the gateway had not answered.)
 */
public record PaymentAuthorizationPendingEvent(String paymentId, String orderId, Money amount) {}
