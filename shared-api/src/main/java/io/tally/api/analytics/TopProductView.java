package io.tally.api.analytics;

import io.tally.api.common.Money;

/** {@code gross}: the line totals (discount taken off, tax included) of the units sold. */
public record TopProductView(String sku, String name, long units, Money gross) {}
