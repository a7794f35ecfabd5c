package io.tally.api.inventory;

import java.util.List;

public record InventoryItemPage(List<InventoryItemView> items, int page, int size, long total) {}
