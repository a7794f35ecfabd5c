package io.tally.query.inventory;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import io.tally.api.inventory.InventoryItemRegisteredEvent;
import io.tally.api.inventory.StockAdjustedEvent;
import io.tally.api.inventory.StockCommittedEvent;
import io.tally.api.inventory.StockReceivedEvent;
import io.tally.api.inventory.StockReleasedEvent;
import io.tally.api.inventory.StockReservedEvent;
import io.tally.api.inventory.UnitPriceChangedEvent;
import io.tally.axon.segments.SegmentClaims;
import io.tally.query.projection.ProjectionNames;
import io.tally.query.search.EventIds;
import io.tally.query.search.IndexNames;
import io.tally.query.search.SearchIndex;
import io.tally.query.search.SearchWriter;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@code products} Elasticsearch index, a batch of events at a time. A document keeps the
 * sequence number of the item's last event it reflects, so a redelivered event changes nothing.
 */
@Component
@ProcessingGroup(ProjectionNames.INVENTORY_ES)
class ProductSearchIndexer {

    static final String ALIAS = "products";

    private final SearchWriter<ProductDocument> writer;

    ProductSearchIndexer(ElasticsearchClient client, IndexNames indices, SegmentClaims claims) {
        this.writer = new SearchWriter<>(
                client,
                new SearchIndex(client, indices.alias(ALIAS), ProductSearchIndexer::mapping),
                ProductDocument.class,
                EventIds.component("sku", "io.tally.api.inventory"),
                claims);
    }

    @EventHandler
    void on(InventoryItemRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writer.change(
                event.sku(),
                doc -> doc != null
                        ? doc
                        : new ProductDocument(
                                event.sku(),
                                event.name(),
                                event.unitPrice().amount(),
                                event.unitPrice().currency(),
                                event.taxRateBasisPoints(),
                                0,
                                0,
                                0,
                                sequence,
                                at.toString()));
    }

    @EventHandler
    void on(StockReceivedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        change(event.sku(), sequence, at, doc -> doc.withLevels(event.onHand(), doc.reserved()));
    }

    @EventHandler
    void on(StockAdjustedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        change(event.sku(), sequence, at, doc -> doc.withLevels(event.onHand(), doc.reserved()));
    }

    @EventHandler
    void on(UnitPriceChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        change(
                event.sku(),
                sequence,
                at,
                doc -> doc.withUnitPrice(
                        event.unitPrice().amount(), event.unitPrice().currency()));
    }

    @EventHandler
    void on(StockReservedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        change(event.sku(), sequence, at, doc -> doc.withLevels(doc.onHand(), event.reserved()));
    }

    @EventHandler
    void on(StockReleasedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        change(event.sku(), sequence, at, doc -> doc.withLevels(doc.onHand(), event.reserved()));
    }

    @EventHandler
    void on(StockCommittedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        change(event.sku(), sequence, at, doc -> doc.withLevels(event.onHand(), event.reserved()));
    }

    /** Applies an event newer than the document; an item's later events follow its registration. */
    private void change(String sku, long sequence, Instant at, UnaryOperator<ProductDocument> apply) {
        writer.change(
                sku,
                doc -> doc != null && sequence > doc.version()
                        ? apply.apply(doc).at(sequence, at.toString())
                        : doc);
    }

    static TypeMapping.Builder mapping(TypeMapping.Builder mapping) {
        return mapping.dynamic(DynamicMapping.Strict)
                .properties("sku", p -> p.keyword(k -> k))
                .properties("name", p -> p.text(t -> t.fields("keyword", f -> f.keyword(k -> k.ignoreAbove(256)))))
                .properties("unitPriceAmount", p -> p.long_(l -> l))
                .properties("currency", p -> p.keyword(k -> k))
                .properties("taxRateBasisPoints", p -> p.integer(i -> i))
                .properties("onHand", p -> p.long_(l -> l))
                .properties("reserved", p -> p.long_(l -> l))
                .properties("available", p -> p.long_(l -> l))
                .properties("version", p -> p.long_(l -> l))
                .properties("updatedAt", p -> p.date(d -> d));
    }
}
