package io.tally.api.order;

import io.tally.api.common.Money;

/** One priced line: subtotal = unitPrice x quantity, total = subtotal - discount + tax. */
public record OrderLine(
        String sku,
        String name,
        long quantity,
        Money unitPrice,
        int taxRateBasisPoints,
        Money subtotal,
        Money discount,
        Money tax,
        Money total) {}
