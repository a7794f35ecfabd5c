package io.tally.api.inventory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code expectedVersion} is the If-Match version, or null when the caller did not ask for one. */
public record ReceiveStockCommand(
        @TargetAggregateIdentifier String sku, long quantity, String reference, Long expectedVersion) {}
