package io.tally.api.inventory;

/** Reserved units left the warehouse with a shipment; {@code onHand} and {@code reserved} are the levels after. */
public record StockCommittedEvent(String sku, String orderId, long quantity, long onHand, long reserved) {}
