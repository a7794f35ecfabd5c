package io.tally.axon.eventstore;

import io.tally.axon.audit.SnapshotBinding;
import io.tally.axon.testing.CountingConnections;
import io.tally.command.CommandSideApplication;
import io.tally.command.web.CommandSideHttpTest;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;

import javax.sql.DataSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An aggregate load counted statement by statement against the run's PostgreSQL: one, where
 * Axon's engine asks three or four times, and the same events. (In the engine's package, so the
 * service's application is named: the same Spring context as the other HTTP tests.)
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OneQueryLoadingEngineTest extends CommandSideHttpTest {

    @Autowired
    private DataSource dataSource;
    @Autowired
    private EventSchema schema;
    @Autowired
    private SnapshotBinding binding;
    @Autowired
    @Qualifier("eventSerializer")
    private Serializer eventSerializer;

    private final AtomicInteger statements = new AtomicInteger();

    @Test
    void anAggregateWithoutSnapshotLoadsInOneStatement() throws Exception {
        String sku = itemWithReceipts(3);
        List<Long> sequences = load(engine(100), sku);
        assertThat(sequences).containsExactly(0L, 1L, 2L, 3L);
        assertThat(statements.get()).isEqualTo(1);
    }

    @Test
    void aSnapshottedAggregateLoadsItsSnapshotAndTheEventsAfterItInOneStatement() throws Exception {
        String sku = itemWithReceipts(55);
        long snapshotAt = jdbc.sql("SELECT max(sequence_number) FROM tally_events.snapshot_event_entry"
                                   + " WHERE aggregate_identifier = :sku").param("sku", sku).query(Long.class).single();
        List<Long> sequences = load(engine(100), sku);
        assertThat(sequences).containsExactlyElementsOf(LongStream.rangeClosed(snapshotAt, 55).boxed().toList());
        assertThat(statements.get()).isEqualTo(1);
    }

    @Test
    void aStreamLongerThanABatchIsReadToItsEnd() throws Exception {
        String sku = itemWithReceipts(4);
        List<Long> sequences = load(engine(2), sku);
        assertThat(sequences).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(statements.get()).as("2 events in the first statement, 2 more, then 1: a short batch ends it")
                                    .isEqualTo(3);
    }

    /** The insider edits a snapshot: it is not used, and the item is read from its first event. */
    @Test
    void anEditedSnapshotIsPassedOverForTheEventsFromTheFirst() throws Exception {
        String sku = itemWithReceipts(55);
        jdbc.sql("UPDATE tally_events.snapshot_event_entry SET payload = replace(payload, '\"onHand\"', '\"onHand\" ')"
                 + " WHERE aggregate_identifier = :sku").param("sku", sku).update();
        List<Long> sequences = load(engine(100), sku);
        assertThat(sequences).containsExactlyElementsOf(LongStream.rangeClosed(0, 55).boxed().toList());
        assertThat(statements.get()).as("the one load, then the events from the first").isEqualTo(2);
    }

    private String itemWithReceipts(int receipts) throws Exception {
        String sku = uniqueSku();
        assertThat(register(sku).statusCode()).isEqualTo(201);
        for (int i = 0; i < receipts; i++) {
            assertThat(post("/api/inventory/" + sku + "/receipts", token("APP"), "{\"quantity\":1}").statusCode())
                    .isEqualTo(200);
        }
        return sku;
    }

    private List<Long> load(OneQueryLoadingEngine engine, String aggregateId) {
        statements.set(0);
        return engine.readAggregate(aggregateId).asStream().map(DomainEventMessage::getSequenceNumber).toList();
    }

    /** The service's engine, on connections that count the statements prepared on them. */
    private OneQueryLoadingEngine engine(int batchSize) {
        ConnectionProvider counting = CountingConnections.of(dataSource, statements);
        return new OneQueryLoadingEngine(JdbcEventStorageEngine.builder()
                                                               .snapshotSerializer(EventStoreConfiguration.snapshotSerializer())
                                                               .eventSerializer(eventSerializer)
                                                               .connectionProvider(counting)
                                                               .transactionManager(NoTransactionManager.INSTANCE)
                                                               .schema(schema)
                                                               .dataType(String.class),
                batchSize, NoTransactionManager.INSTANCE, schema, binding, SnapshotFilter.allowAll());
    }
}
