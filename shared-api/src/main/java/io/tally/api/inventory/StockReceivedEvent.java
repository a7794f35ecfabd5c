package io.tally.api.inventory;

/** {@code onHand} is the level after the receipt, so projections can set it rather than add to it. */
public record StockReceivedEvent(String sku, long quantity, String reference, long onHand) {
}
