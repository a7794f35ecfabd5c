package io.tally.api.inventory;

import io.tally.api.common.Money;

/** What an item costs right now, as an order is priced with it. */
public record ItemQuote(String sku, String name, Money unitPrice, int taxRateBasisPoints) {}
