package io.tally.command.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.axon.audit.EventHashes;
import io.tally.axon.audit.EventMac;
import io.tally.command.web.CommandSideHttpTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.FileSystemResource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Every event is stored with the hash of its canonical form, chained to its aggregate's previous event. */
class EventHashChainTest extends CommandSideHttpTest {

    @Autowired
    private EventStorageEngine storageEngine;

    @Autowired
    private PlatformTransactionManager transactions;

    private List<Map<String, Object>> stored(String aggregateId) {
        return jdbc.sql("""
                        SELECT event_identifier, type, aggregate_identifier, sequence_number, payload_type,
                               payload_revision, time_stamp, payload, meta_data, hash, previous_hash, mac,
                               -- the formula the V2 migration used for events stored before the chain
                               encode(sha256(convert_to('tally-event-v1' || E'\\n' || coalesce(type, '') || E'\\n'
                                   || aggregate_identifier || E'\\n' || sequence_number::text || E'\\n'
                                   || payload_type || E'\\n' || coalesce(payload_revision, '') || E'\\n'
                                   || time_stamp || E'\\n' || payload || E'\\n' || coalesce(meta_data, '') || E'\\n'
                                   || coalesce(previous_hash, '') || E'\\n', 'UTF8')), 'hex') AS sql_hash
                          FROM tally_events.domain_event_entry
                         WHERE aggregate_identifier = :id ORDER BY sequence_number""").param("id", aggregateId).query().listOfRows();
    }

    @Test
    void eachEventsHashCoversItsCanonicalFormAndItsPredecessorsHash() throws Exception {
        String sku = uniqueSku();
        assertThat(register(sku).statusCode()).isEqualTo(201);
        assertThat(post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":5}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":7}")
                        .statusCode())
                .isEqualTo(200);

        List<Map<String, Object>> events = stored(sku);
        assertThat(events).hasSize(3);
        EventMac mac = EventMac.from(new FileSystemResource(STORES.tokens().eventMacKeyFile()));
        String previous = null;
        for (Map<String, Object> event : events) {
            String expected = EventHashes.hashV2(
                    (String) event.get("event_identifier"),
                    (String) event.get("type"),
                    sku,
                    (Long) event.get("sequence_number"),
                    (String) event.get("payload_type"),
                    (String) event.get("payload_revision"),
                    (String) event.get("time_stamp"),
                    (String) event.get("payload"),
                    (String) event.get("meta_data"),
                    previous);
            assertThat(event.get("previous_hash")).isEqualTo(previous);
            assertThat(event.get("hash")).as("the v2 form, with the event's id").isEqualTo(expected);
            assertThat(mac.valid(expected, (String) event.get("mac")))
                    .as("appended with the service's MAC")
                    .isTrue();
            assertThat(new EventMac(new byte[32]).valid(expected, (String) event.get("mac")))
                    .as("another key's MAC is not this one")
                    .isFalse();
            // the V2 migration's SQL still computes the v1 form exactly as Java does, for history stored before
            assertThat(event.get("sql_hash"))
                    .isEqualTo(EventHashes.hash(
                            (String) event.get("type"),
                            sku,
                            (Long) event.get("sequence_number"),
                            (String) event.get("payload_type"),
                            (String) event.get("payload_revision"),
                            (String) event.get("time_stamp"),
                            (String) event.get("payload"),
                            (String) event.get("meta_data"),
                            previous));
            previous = expected;
        }
    }

    @Test
    void anAppendThatRolledBackIsNeverChainedTo() {
        String id = "hash-chain-" + UUID.randomUUID();
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        transaction.executeWithoutResult(
                status -> storageEngine.appendEvents(event(id, 0, "first"), event(id, 1, "second")));
        assertThatThrownBy(() -> transaction.executeWithoutResult(
                        status -> storageEngine.appendEvents(event(id, 1, "a lost race"))))
                .isInstanceOf(ConcurrencyException.class);
        transaction.executeWithoutResult(status -> storageEngine.appendEvents(event(id, 2, "third")));

        List<Map<String, Object>> events = stored(id);
        assertThat(events).extracting(row -> row.get("sequence_number")).containsExactly(0L, 1L, 2L);
        assertThat(events.get(2).get("previous_hash")).isEqualTo(events.get(1).get("hash"));
        assertThat(events.get(1).get("previous_hash")).isEqualTo(events.get(0).get("hash"));
    }

    private static DomainEventMessage<String> event(String aggregateId, long sequence, String payload) {
        return new GenericDomainEventMessage<>("HashChainProbe", aggregateId, sequence, payload);
    }

    @Test
    void anyChangeToAStoredFieldChangesTheHash() {
        String original = EventHashes.hash(
                "InventoryItem",
                "MUG-1",
                1,
                "io.tally.api.inventory.StockReceivedEvent",
                null,
                "2026-11-22T10:00:00Z",
                "{\"sku\":\"MUG-1\",\"quantity\":5}",
                "{}",
                "ab".repeat(32));
        assertThat(EventHashes.hash(
                        "InventoryItem",
                        "MUG-1",
                        1,
                        "io.tally.api.inventory.StockReceivedEvent",
                        null,
                        "2026-11-22T10:00:00Z",
                        "{\"sku\":\"MUG-1\",\"quantity\":6}",
                        "{}",
                        "ab".repeat(32)))
                .isNotEqualTo(original);
        assertThat(EventHashes.hash(
                        "InventoryItem",
                        "MUG-1",
                        2,
                        "io.tally.api.inventory.StockReceivedEvent",
                        null,
                        "2026-11-22T10:00:00Z",
                        "{\"sku\":\"MUG-1\",\"quantity\":5}",
                        "{}",
                        "ab".repeat(32)))
                .isNotEqualTo(original);
        assertThat(EventHashes.hash(
                        "InventoryItem",
                        "MUG-1",
                        1,
                        "io.tally.api.inventory.StockReceivedEvent",
                        null,
                        "2026-11-22T10:00:00Z",
                        "{\"sku\":\"MUG-1\",\"quantity\":5}",
                        "{}",
                        "cd".repeat(32)))
                .isNotEqualTo(original);
        assertThat(original).matches("[0-9a-f]{64}");
        String v2 = EventHashes.hashV2(
                "id-1",
                "InventoryItem",
                "MUG-1",
                1,
                "io.tally.api.inventory.StockReceivedEvent",
                null,
                "2026-11-22T10:00:00Z",
                "{\"sku\":\"MUG-1\",\"quantity\":5}",
                "{}",
                "ab".repeat(32));
        assertThat(EventHashes.hashV2(
                        "id-2",
                        "InventoryItem",
                        "MUG-1",
                        1,
                        "io.tally.api.inventory.StockReceivedEvent",
                        null,
                        "2026-11-22T10:00:00Z",
                        "{\"sku\":\"MUG-1\",\"quantity\":5}",
                        "{}",
                        "ab".repeat(32)))
                .as("another event id, another hash")
                .isNotEqualTo(v2);
        assertThat(v2).isNotEqualTo(original);
    }
}
