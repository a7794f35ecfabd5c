package io.tally.query.inventory;

import io.tally.api.common.Money;
import io.tally.api.inventory.FindInventoryItemQuery;
import io.tally.api.inventory.FindInventoryItemsQuery;
import io.tally.api.inventory.InventoryItemPage;
import io.tally.api.inventory.InventoryItemView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Answers inventory queries from the PostgreSQL read model. */
@Component
class InventoryQueries {

    /** Sort fields clients may name, and the column each one sorts by. */
    static final Map<String, String> SORT_COLUMNS = Map.of(
            "sku", "sku",
            "name", "name",
            "onHand", "on_hand",
            "reserved", "reserved",
            "available", "available",
            "version", "version");

    private static final RowMapper<InventoryItemView> VIEW = (rs, row) -> new InventoryItemView(
            rs.getString("sku"),
            rs.getString("name"),
            new Money(rs.getLong("unit_price_amount"), rs.getString("currency")),
            rs.getInt("tax_rate_basis_points"),
            rs.getLong("on_hand"),
            rs.getLong("reserved"),
            rs.getLong("available"),
            rs.getLong("version"));

    private final JdbcClient jdbc;

    InventoryQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    Optional<InventoryItemView> handle(FindInventoryItemQuery query) {
        return jdbc.sql("SELECT * FROM inventory_item WHERE sku = :sku")
                .param("sku", query.sku())
                .query(VIEW)
                .optional();
    }

    @QueryHandler
    InventoryItemPage handle(FindInventoryItemsQuery query) {
        String filter = query.availableBelow() == null ? "" : " WHERE available < :below";
        String column = SORT_COLUMNS.getOrDefault(query.sortField(), "sku");
        String order = " ORDER BY " + column + (query.ascending() ? " ASC" : " DESC") + ", sku ASC";
        JdbcClient.StatementSpec items = jdbc.sql(
                        "SELECT * FROM inventory_item" + filter + order + " LIMIT :size OFFSET :offset")
                .param("size", query.size())
                .param("offset", (long) query.page() * query.size());
        JdbcClient.StatementSpec count = jdbc.sql("SELECT count(*) FROM inventory_item" + filter);
        if (query.availableBelow() != null) {
            items = items.param("below", query.availableBelow());
            count = count.param("below", query.availableBelow());
        }
        List<InventoryItemView> page = items.query(VIEW).list();
        long total = count.query(Long.class).single();
        return new InventoryItemPage(page, query.page(), query.size(), total);
    }
}
