package io.tally.api.inventory;

/** Not enough stock: {@code available} is what the item could have reserved. */
public record StockReservationRejectedEvent(String sku, String orderId, long quantity, long available) {}
