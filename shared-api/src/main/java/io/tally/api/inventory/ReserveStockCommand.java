package io.tally.api.inventory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ReserveStockCommand(@TargetAggregateIdentifier String sku, String orderId, long quantity) {}
