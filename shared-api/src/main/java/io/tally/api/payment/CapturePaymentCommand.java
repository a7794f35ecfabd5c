package io.tally.api.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CapturePaymentCommand(
        @TargetAggregateIdentifier String paymentId) {}
