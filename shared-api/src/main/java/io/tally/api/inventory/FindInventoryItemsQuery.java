package io.tally.api.inventory;

/** A page of items, optionally only those whose available quantity is below {@code availableBelow}. */
public record FindInventoryItemsQuery(Long availableBelow, int page, int size, String sortField, boolean ascending) {}
