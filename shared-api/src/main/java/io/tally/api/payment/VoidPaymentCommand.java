package io.tally.api.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record VoidPaymentCommand(@TargetAggregateIdentifier String paymentId, String reason) {}
