package io.tally.api.inventory;

import io.tally.api.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RegisterInventoryItemCommand(
        @TargetAggregateIdentifier String sku, String name, Money unitPrice, int taxRateBasisPoints) {}
