package io.tally.api.inventory;

import io.tally.api.common.Money;

public record UnitPriceChangedEvent(String sku, Money unitPrice, Money previousUnitPrice) {}
