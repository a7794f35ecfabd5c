package io.tally.command.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.api.common.Money;
import io.tally.api.inventory.InventoryItemRegisteredEvent;
import io.tally.api.inventory.StockReceivedEvent;
import io.tally.api.inventory.StockReservedEvent;
import io.tally.axon.eventstore.EventStoreConfiguration;
import io.tally.command.web.CommandSideHttpTest;
import io.tally.domain.inventory.InventoryItem;
import java.net.http.HttpResponse;
import java.util.List;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

class InventorySnapshotTest extends CommandSideHttpTest {

    @org.springframework.beans.factory.annotation.Autowired
    private io.micrometer.core.instrument.MeterRegistry meters;

    /** This instance's cached items: evicted so that the next command loads the item from the store. */
    @Autowired
    @Qualifier("inventoryCache")
    private Cache inventoryCache;

    @Test
    void aSnapshotHoldsEveryFieldOfTheItem() {
        String sku = "SNAP-1";
        List<DomainEventMessage<?>> events = List.of(
                event(sku, 0, new InventoryItemRegisteredEvent(sku, "Snapshot lamp", new Money(1999, "EUR"), 2100)),
                event(sku, 1, new StockReceivedEvent(sku, 10, "PO-1", 10)),
                event(sku, 2, new StockReservedEvent(sku, "ord_1", 3, 3)),
                event(sku, 3, new StockReservedEvent(sku, "ord_2", 2, 5)));
        AggregateModel<InventoryItem> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(InventoryItem.class);
        InventoryItem root = new GenericAggregateFactory<>(model).createAggregateRoot(sku, events.get(0));
        EventSourcedAggregate<InventoryItem> aggregate =
                EventSourcedAggregate.initialize(root, model, null, NoSnapshotTriggerDefinition.TRIGGER);
        aggregate.initializeState(DomainEventStream.of(events.stream()));

        Serializer serializer = EventStoreConfiguration.snapshotSerializer();
        SerializedObject<String> json = serializer.serialize(aggregate.getAggregateRoot(), String.class);
        InventoryItem copy = serializer.deserialize(json);

        assertThat(json.getData())
                .contains(
                        "\"onHand\":10",
                        "\"reserved\":5",
                        "\"ord_1\":3",
                        "\"ord_2\":2",
                        "\"taxRateBasisPoints\":2100",
                        "\"version\":3");
        assertThat(json.getType().getRevision()).isEqualTo("1");
        assertThat(copy).usingRecursiveComparison().isEqualTo(aggregate.getAggregateRoot());
        assertThat(copy.state()).isEqualTo(aggregate.getAggregateRoot().state());
    }

    @Test
    void aLongStreamIsSnapshottedAndLoadsFromTheSnapshotWithTheSameState() throws Exception {
        String sku = uniqueSku();
        register(sku);
        for (int i = 1; i <= 55; i++) {
            assertThat(post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":" + i + "}")
                            .statusCode())
                    .isEqualTo(200);
        }
        Long snapshotAt = jdbc.sql("SELECT max(sequence_number) FROM tally_events.snapshot_event_entry "
                        + "WHERE aggregate_identifier = :sku")
                .param("sku", sku)
                .query(Long.class)
                .single();
        assertThat(snapshotAt)
                .as("a snapshot after 50 events loaded")
                .isNotNull()
                .isGreaterThanOrEqualTo(49L);

        inventoryCache.remove(sku); // loaded as an instance that has not cached it loads it: from the store
        HttpResponse<String> next = post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":1000}");
        assertThat(next.statusCode()).isEqualTo(200);
        long expected = 55 * 56 / 2 + 1000;
        assertThat(next.body()).contains("\"onHand\":" + expected, "\"available\":" + expected, "\"version\":56");
    }

    /** Plays the insider who edits a snapshot row: the stock it claims never reaches the item. */
    @Test
    void anEditedSnapshotIsIgnoredCountedAndTheItemLoadsFromItsEvents() throws Exception {
        String sku = uniqueSku();
        register(sku);
        for (int i = 1; i <= 55; i++) {
            assertThat(post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":1}")
                            .statusCode())
                    .isEqualTo(200);
        }
        assertThat(jdbc.sql("SELECT meta_data FROM tally_events.snapshot_event_entry WHERE aggregate_identifier = :sku")
                        .param("sku", sku)
                        .query(String.class)
                        .single())
                .as("the snapshot is bound to the chain")
                .contains("coveredEventHash", "snapshotSignature");
        int edited = jdbc.sql("UPDATE tally_events.snapshot_event_entry"
                        + " SET payload = regexp_replace(payload, '\"onHand\":[0-9]+', '\"onHand\":999999')"
                        + " WHERE aggregate_identifier = :sku")
                .param("sku", sku)
                .update();
        assertThat(edited).isEqualTo(1);
        double ignoredBefore = meters.counter("tally.snapshots.ignored").count();
        inventoryCache.remove(sku);

        HttpResponse<String> next = post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":1}");

        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).contains("\"onHand\":56", "\"version\":56").doesNotContain("999999");
        assertThat(meters.counter("tally.snapshots.ignored").count()).isGreaterThan(ignoredBefore);
    }

    private static DomainEventMessage<?> event(String sku, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("InventoryItem", sku, sequence, payload);
    }
}
