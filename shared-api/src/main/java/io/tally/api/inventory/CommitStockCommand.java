package io.tally.api.inventory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CommitStockCommand(@TargetAggregateIdentifier String sku, String orderId) {}
