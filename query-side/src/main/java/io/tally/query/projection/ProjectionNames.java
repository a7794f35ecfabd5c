package io.tally.query.projection;

import java.util.List;

/**
 * Every projection's name, which is also its event processor's, its processing group's and the
 * key of its tokens and dead letters. Stored in PostgreSQL, so a rename would restart the
 * projection from nothing: these strings never change.
 */
public final class ProjectionNames {

    public static final String ORDERS_PG = "orders-pg";
    public static final String ORDERS_ES = "orders-es";
    public static final String PAYMENTS_PG = "payments-pg";
    public static final String INVENTORY_PG = "inventory-pg";
    public static final String INVENTORY_ES = "inventory-es";

    public static final List<String> ALL = List.of(ORDERS_PG, ORDERS_ES, PAYMENTS_PG, INVENTORY_PG, INVENTORY_ES);

    private ProjectionNames() {}
}
