package io.tally.api.inventory;

public record FindInventoryItemQuery(String sku) {}
