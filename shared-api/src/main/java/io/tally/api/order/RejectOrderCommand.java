package io.tally.api.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code reason} is a code such as {@code insufficient-stock}, {@code payment-declined}, {@code payment-timeout}. */
public record RejectOrderCommand(@TargetAggregateIdentifier String orderId, String reason, String detail) {}
