package io.tally.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.api.order.OrderPlacedEvent;
import io.tally.axon.aggregatecache.AggregateCache;
import io.tally.command.fulfillment.OrderFulfillmentSaga;
import io.tally.command.web.CommandSideHttpTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.command.Repository;
import org.axonframework.modelling.saga.AbstractSagaManager;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/** Pins the wiring that silently degrades under Boot 4 when auto-configuration order is wrong. */
class AxonWiringTest extends CommandSideHttpTest {

    @Autowired
    private TransactionManager transactionManager;

    @Autowired
    private EventProcessingConfiguration processing;

    @Autowired
    private EventStorageEngine storageEngine;

    @Autowired
    @Qualifier("eventSerializer")
    private Serializer eventSerializer;

    @Autowired
    @Qualifier("inventoryItemRepository")
    private Repository<?> inventoryItems;

    @Autowired
    @Qualifier("inventoryCache")
    private Cache inventoryCache;

    @Test
    void anItemWrittenHereIsKeptInThisInstancesCacheForItsNextCommand() throws Exception {
        assertThat(inventoryItems).isInstanceOf(CachingEventSourcingRepository.class);
        String sku = uniqueSku();
        register(sku);
        assertThat(post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":2}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(inventoryCache).isInstanceOf(AggregateCache.class);
        assertThat(inventoryCache.containsKey(sku)).isTrue();
    }

    @Test
    void axonUsesSpringsTransactionsAndTheJdbcEngineWithJackson3() {
        assertThat(transactionManager).isInstanceOf(SpringTransactionManager.class);
        assertThat(storageEngine).isInstanceOf(JdbcEventStorageEngine.class);
        assertThat(eventSerializer).isInstanceOf(Jackson3Serializer.class);
    }

    @Test
    void theFulfillmentSagaTakesEachOrdersEventsInTheOneSegmentTheOrderFallsIn() {
        AbstractSagaManager<OrderFulfillmentSaga> manager =
                processing.sagaConfiguration(OrderFulfillmentSaga.class).manager();
        List<Segment> segments = Segment.splitBalanced(Segment.ROOT_SEGMENT, 3);
        for (int i = 0; i < 20; i++) {
            String orderId = UUID.randomUUID().toString();
            EventMessage<?> placed = GenericEventMessage.asEventMessage(
                    new OrderPlacedEvent(orderId, "c-1", null, null, "EUR", List.of(), null, null, "p-1"));
            assertThat(segments.stream().filter(segment -> manager.canHandle(placed, segment)))
                    .singleElement()
                    .matches(segment -> segment.matches(new AssociationValue("orderId", orderId)));
        }
    }

    @Test
    void theGlobalIndexAdvancesByOneWithoutGapsBetweenSuccessfulAppends() throws Exception {
        String sku = uniqueSku();
        register(sku);
        for (int i = 0; i < 3; i++) {
            post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":1}");
        }
        List<Long> indexes = jdbc.sql("""
                        SELECT global_index FROM tally_events.domain_event_entry
                         WHERE aggregate_identifier = :sku ORDER BY sequence_number""").param("sku", sku).query(Long.class).list();
        assertThat(indexes).hasSize(4);
        assertThat(indexes.get(3) - indexes.get(0)).isEqualTo(3);
        Long increment = jdbc.sql("""
                        SELECT increment_by FROM pg_sequences
                         WHERE schemaname = 'tally_events' AND sequencename = 'domain_event_entry_global_index_seq'""").query(Long.class).single();
        assertThat(increment).isEqualTo(1);
    }

    @Test
    void payloadAndMetadataAreJsonThatSqlCanRead() throws Exception {
        String sku = uniqueSku();
        register(sku);
        Map<String, Object> row = jdbc.sql("""
                        SELECT payload::jsonb -> 'unitPrice' ->> 'amount' AS amount,
                               jsonb_typeof(meta_data::jsonb) AS metadata_type
                          FROM tally_events.domain_event_entry WHERE aggregate_identifier = :sku""").param("sku", sku).query().singleRow();
        assertThat(row).containsEntry("amount", "1999").containsEntry("metadata_type", "object");
    }

    @Test
    void storedEventsCannotBeChangedOrDeleted() throws Exception {
        String sku = uniqueSku();
        register(sku);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql(
                                "UPDATE tally_events.domain_event_entry SET payload = '{}' WHERE aggregate_identifier = :sku")
                        .param("sku", sku)
                        .update())
                .hasMessageContaining("events are immutable");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> jdbc.sql("DELETE FROM tally_events.domain_event_entry WHERE aggregate_identifier = :sku")
                                .param("sku", sku)
                                .update())
                .hasMessageContaining("events are immutable");
        assertThat(eventsStoredFor(sku)).isEqualTo(1);
    }
}
