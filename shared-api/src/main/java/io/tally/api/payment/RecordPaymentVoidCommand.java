package io.tally.api.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The gateway released the authorisation (or had nothing left to release). */
public record RecordPaymentVoidCommand(
        @TargetAggregateIdentifier String paymentId) {}
