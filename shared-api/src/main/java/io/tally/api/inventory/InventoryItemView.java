package io.tally.api.inventory;

import io.tally.api.common.Money;

/** One inventory item as both services answer it; {@code version} is its last event sequence number. */
public record InventoryItemView(
        String sku,
        String name,
        Money unitPrice,
        int taxRateBasisPoints,
        long onHand,
        long reserved,
        long available,
        long version) {}
