package io.tally.api.inventory;

/** {@code onHand} is the level after the adjustment, so projections can set it rather than add to it. */
public record StockAdjustedEvent(String sku, long delta, String reason, long onHand) {}
