package io.tally.query.inventory;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.tally.api.inventory.InventoryItemRegisteredEvent;
import io.tally.api.inventory.StockAdjustedEvent;
import io.tally.api.inventory.StockCommittedEvent;
import io.tally.api.inventory.StockReceivedEvent;
import io.tally.api.inventory.StockReleasedEvent;
import io.tally.api.inventory.StockReservedEvent;
import io.tally.api.inventory.UnitPriceChangedEvent;
import io.tally.query.search.SearchIndex;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Keeps the {@code products} Elasticsearch index. Each batch of events becomes one multi-get and
 * one bulk request. Documents are indexed with external versioning (the event sequence number),
 * so a redelivered event can never overwrite a newer document.
 */
@Component
@ProcessingGroup(ProductSearchIndexer.PROCESSING_GROUP)
class ProductSearchIndexer {

    static final String PROCESSING_GROUP = "inventory-es";
    static final String ALIAS = "products";
    private static final String BATCH_RESOURCE = ProductSearchIndexer.class.getName() + ".batch";

    private final ElasticsearchClient client;
    private final SearchIndex index;

    ProductSearchIndexer(ElasticsearchClient client) {
        this.client = client;
        this.index = new SearchIndex(client, ALIAS, ProductSearchIndexer::mapping);
    }

    @EventHandler
    void on(InventoryItemRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        batch().change(event.sku(), sequence, at, ignored -> new ProductDocument(event.sku(), event.name(),
                event.unitPrice().amount(), event.unitPrice().currency(), event.taxRateBasisPoints(), 0, 0, 0,
                sequence, at.toString()));
    }

    @EventHandler
    void on(StockReceivedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        batch().change(event.sku(), sequence, at, doc -> doc.withLevels(event.onHand(), doc.reserved()));
    }

    @EventHandler
    void on(StockAdjustedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        batch().change(event.sku(), sequence, at, doc -> doc.withLevels(event.onHand(), doc.reserved()));
    }

    @EventHandler
    void on(UnitPriceChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        batch().change(event.sku(), sequence, at,
                doc -> doc.withUnitPrice(event.unitPrice().amount(), event.unitPrice().currency()));
    }

    @EventHandler
    void on(StockReservedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        batch().change(event.sku(), sequence, at, doc -> doc.withLevels(doc.onHand(), event.reserved()));
    }

    @EventHandler
    void on(StockReleasedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        batch().change(event.sku(), sequence, at, doc -> doc.withLevels(doc.onHand(), event.reserved()));
    }

    @EventHandler
    void on(StockCommittedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        batch().change(event.sku(), sequence, at, doc -> doc.withLevels(event.onHand(), event.reserved()));
    }

    private Batch batch() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(BATCH_RESOURCE, key -> {
            Batch batch = new Batch();
            root.onPrepareCommit(unitOfWork -> batch.flush());
            return batch;
        });
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

    private record Change(long sequence, Instant at, UnaryOperator<ProductDocument> apply) {
    }

    /** The changes one unit of work made, per SKU in event order, written at its commit. */
    private final class Batch {
        private final Map<String, List<Change>> changes = new LinkedHashMap<>();

        void change(String sku, long sequence, Instant at, UnaryOperator<ProductDocument> apply) {
            changes.computeIfAbsent(sku, k -> new ArrayList<>()).add(new Change(sequence, at, apply));
        }

        void flush() {
            try {
                index.ensureExists();
                Map<String, ProductDocument> current = fetch();
                List<BulkOperation> operations = new ArrayList<>();
                changes.forEach((sku, list) -> {
                    ProductDocument before = current.get(sku);
                    ProductDocument doc = before;
                    for (Change change : list) {
                        if (doc == null ? change.sequence() == 0 : change.sequence() > doc.version()) {
                            doc = change.apply().apply(doc).at(change.sequence(), change.at().toString());
                        }
                    }
                    if (doc != null && doc != before) {
                        ProductDocument indexed = doc;
                        operations.add(BulkOperation.of(op -> op.index(i -> i.index(ALIAS).id(sku).document(indexed)
                                .versionType(VersionType.External).version(indexed.version()))));
                    }
                });
                if (!operations.isEmpty()) {
                    requireSuccess(client.bulk(b -> b.operations(operations)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("writing to Elasticsearch failed", e);
            }
        }

        private Map<String, ProductDocument> fetch() throws IOException {
            MgetResponse<ProductDocument> response = client.mget(m -> m.index(ALIAS)
                    .ids(new ArrayList<>(changes.keySet())), ProductDocument.class);
            Map<String, ProductDocument> found = new HashMap<>();
            response.docs().forEach(doc -> {
                if (doc.isResult() && doc.result().found()) {
                    found.put(doc.result().id(), doc.result().source());
                }
            });
            return found;
        }

        private void requireSuccess(BulkResponse response) {
            if (!response.errors()) {
                return;
            }
            for (BulkResponseItem item : response.items()) {
                // 409: the index already holds this version or a newer one
                if (item.error() != null && item.status() != 409) {
                    throw new IllegalStateException("Elasticsearch refused " + item.id() + ": " + item.error().reason());
                }
            }
        }
    }
}
