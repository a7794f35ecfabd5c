package io.tally.api.inventory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks an item for its current price and tax rate; changes nothing. */
public record QuoteItemCommand(@TargetAggregateIdentifier String sku) {}
