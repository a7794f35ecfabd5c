package io.tally.api.inventory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ReleaseStockCommand(@TargetAggregateIdentifier String sku, String orderId, String reason) {}
