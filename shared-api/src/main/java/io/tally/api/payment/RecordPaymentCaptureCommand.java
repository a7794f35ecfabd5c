package io.tally.api.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The gateway's definite answer to the capture, sent by the payment processor. */
public record RecordPaymentCaptureCommand(
        @TargetAggregateIdentifier String paymentId, boolean succeeded, String code) {}
