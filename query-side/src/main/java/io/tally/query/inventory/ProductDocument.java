package io.tally.query.inventory;

/** An inventory item as the {@code products} index holds it; money as long minor units. */
record ProductDocument(
        String sku,
        String name,
        long unitPriceAmount,
        String currency,
        int taxRateBasisPoints,
        long onHand,
        long reserved,
        long available,
        long version,
        String updatedAt) {

    ProductDocument withLevels(long newOnHand, long newReserved) {
        return new ProductDocument(
                sku,
                name,
                unitPriceAmount,
                currency,
                taxRateBasisPoints,
                newOnHand,
                newReserved,
                newOnHand - newReserved,
                version,
                updatedAt);
    }

    ProductDocument withUnitPrice(long amount, String newCurrency) {
        return new ProductDocument(
                sku, name, amount, newCurrency, taxRateBasisPoints, onHand, reserved, available, version, updatedAt);
    }

    ProductDocument at(long newVersion, String newUpdatedAt) {
        return new ProductDocument(
                sku,
                name,
                unitPriceAmount,
                currency,
                taxRateBasisPoints,
                onHand,
                reserved,
                available,
                newVersion,
                newUpdatedAt);
    }
}
