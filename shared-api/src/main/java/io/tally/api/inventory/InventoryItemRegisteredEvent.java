package io.tally.api.inventory;

import io.tally.api.common.Money;

public record InventoryItemRegisteredEvent(String sku, String name, Money unitPrice, int taxRateBasisPoints) {}
