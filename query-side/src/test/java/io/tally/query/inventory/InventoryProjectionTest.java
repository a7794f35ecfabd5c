package io.tally.query.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.tally.api.common.Money;
import io.tally.api.inventory.InventoryItemRegisteredEvent;
import io.tally.api.inventory.StockAdjustedEvent;
import io.tally.api.inventory.StockReceivedEvent;
import io.tally.api.inventory.UnitPriceChangedEvent;
import io.tally.query.QuerySideTest;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class InventoryProjectionTest extends QuerySideTest {

    @Autowired
    private InventoryProjector projector;

    @Autowired
    private ProductSearchIndexer indexer;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private ElasticsearchClient elasticsearch;

    private static List<EventMessage<?>> history(String sku) {
        return List.of(
                event(
                        "InventoryItem",
                        sku,
                        0,
                        new InventoryItemRegisteredEvent(sku, "Espresso cup", Money.of(899, "EUR"), 2000)),
                event("InventoryItem", sku, 1, new StockReceivedEvent(sku, 40, "PO-7", 40)),
                event("InventoryItem", sku, 2, new StockAdjustedEvent(sku, -6, "chipped", 34)),
                event(
                        "InventoryItem",
                        sku,
                        3,
                        new UnitPriceChangedEvent(sku, Money.of(999, "EUR"), Money.of(899, "EUR"))),
                event("InventoryItem", sku, 4, new StockReceivedEvent(sku, 10, "PO-8", 44)));
    }

    private Map<String, Object> row(String sku) {
        return jdbc.sql("""
                        SELECT name, unit_price_amount, currency, tax_rate_basis_points, on_hand, reserved, available,
                               version, updated_at = TIMESTAMPTZ '2026-11-22T10:00:04Z' AS updated_at_last_event
                          FROM inventory_item WHERE sku = :sku""").param("sku", sku).query().singleRow();
    }

    private ProductDocument document(String sku) throws Exception {
        return elasticsearch
                .get(g -> g.index(ProductSearchIndexer.ALIAS).id(sku), ProductDocument.class)
                .source();
    }

    private void assertFinalState(String sku) throws Exception {
        assertThat(row(sku))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "name",
                        "Espresso cup",
                        "unit_price_amount",
                        999L,
                        "currency",
                        "EUR",
                        "tax_rate_basis_points",
                        2000,
                        "on_hand",
                        44L,
                        "reserved",
                        0L,
                        "available",
                        44L,
                        "version",
                        4L,
                        "updated_at_last_event",
                        true));
        assertThat(document(sku))
                .isEqualTo(new ProductDocument(
                        sku, "Espresso cup", 999, "EUR", 2000, 44, 0, 44, 4, "2026-11-22T10:00:04Z"));
    }

    @Test
    void aHistoryInOneBatchGivesTheExactRowAndDocument() throws Exception {
        String sku = uniqueId("CUP");
        replay(history(sku), projector, indexer);
        assertFinalState(sku);
    }

    @Test
    void aHistoryOneEventPerBatchGivesTheSameResult() throws Exception {
        String sku = uniqueId("CUP");
        for (EventMessage<?> event : history(sku)) {
            replay(List.of(event), projector, indexer);
        }
        assertFinalState(sku);
    }

    @Test
    void duplicatesAndOlderRedeliveriesChangeNothing() throws Exception {
        String sku = uniqueId("CUP");
        List<EventMessage<?>> events = history(sku);
        replay(events, projector, indexer);
        replay(List.of(events.get(1), events.get(1), events.get(3)), projector, indexer);
        replay(List.of(events.get(2), events.get(0)), projector, indexer);
        replay(events, projector, indexer);
        assertFinalState(sku);
    }

    @Test
    void aRedeliveredPrefixInsideTheSameBatchIsSkipped() throws Exception {
        String sku = uniqueId("CUP");
        List<EventMessage<?>> events = history(sku);
        replay(
                List.of(
                        events.get(0),
                        events.get(1),
                        events.get(2),
                        events.get(1),
                        events.get(3),
                        events.get(4),
                        events.get(2)),
                projector,
                indexer);
        assertFinalState(sku);
    }

    @Test
    void productsAreIndexedThroughAnAliasWithAStrictMapping() throws Exception {
        String sku = uniqueId("CUP");
        replay(history(sku), projector, indexer);
        var aliases = elasticsearch.indices().getAlias(a -> a.name(ProductSearchIndexer.ALIAS));
        assertThat(aliases.result()).containsOnlyKeys("products-v1");
        var mapping = elasticsearch.indices().getMapping(m -> m.index(ProductSearchIndexer.ALIAS));
        var properties = mapping.result().get("products-v1").mappings().properties();
        assertThat(properties.get("unitPriceAmount").isLong()).isTrue();
        assertThat(properties.get("name").isText()).isTrue();
        assertThat(properties.get("sku").isKeyword()).isTrue();
    }
}
