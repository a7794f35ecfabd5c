package io.tally.api.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ShipOrderCommand(
        @TargetAggregateIdentifier String orderId, String carrier, String trackingNumber, Long expectedVersion) {}
