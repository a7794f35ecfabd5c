package io.tally.api.inventory;

/** {@code reserved} is the item's total reserved quantity after the release. */
public record StockReleasedEvent(String sku, String orderId, long quantity, String reason, long reserved) {}
