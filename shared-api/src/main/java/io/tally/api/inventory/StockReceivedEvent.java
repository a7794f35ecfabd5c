package io.tally.api.inventory;

import org.jspecify.annotations.Nullable;

/** {@code onHand} is the level after the receipt, so projections can set it rather than add to it. */
public record StockReceivedEvent(
        String sku, long quantity, @Nullable String reference, long onHand) {}
