package io.tally.api.inventory;

/** {@code reserved} is the item's total reserved quantity after this reservation. */
public record StockReservedEvent(String sku, String orderId, long quantity, long reserved) {}
