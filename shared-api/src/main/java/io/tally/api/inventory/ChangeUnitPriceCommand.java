package io.tally.api.inventory;

import io.tally.api.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code expectedVersion} is the If-Match version, or null when the caller did not ask for one. */
public record ChangeUnitPriceCommand(
        @TargetAggregateIdentifier String sku, Money unitPrice, Long expectedVersion) {}
