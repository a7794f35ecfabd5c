package io.tally.api.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The gateway's definite answer to one refund, sent by the payment processor. */
public record RecordPaymentRefundCommand(
        @TargetAggregateIdentifier String paymentId, String refundId, boolean succeeded, String code) {}
