package io.tally.axon.eventstore;

import io.tally.axon.audit.SnapshotBinding;
import io.tally.axon.testing.CountingConnections;
import io.tally.command.CommandSideApplication;
import io.tally.command.web.CommandSideHttpTest;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An aggregate load counted statement by statement against the run's PostgreSQL: one, where
 * Axon's engine asks three or four times, and the same events; and the reads of the log's tail. (In the engine's package, so the
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

    @Test
    void theTailIsReadOnceAWakeUpAndNotAgainUntilSomethingCanHaveArrived() throws Exception {
        OneQueryLoadingEngine engine = engine(100);
        engine.pollTailEvery(Duration.ofMinutes(10));
        TrackingToken head = head(engine);
        String sku = itemWithReceipts(2);

        engine.appended();
        List<? extends TrackedEventMessage<?>> read = tail(engine, head);
        assertThat(read).anySatisfy(event -> assertThat(event.getPayload().toString()).contains(sku));
        assertThat(statements.get()).as("one read: a short batch ends it").isEqualTo(1);

        TrackingToken end = read.get(read.size() - 1).trackingToken();
        assertThat(tail(engine, end)).isEmpty();
        assertThat(statements.get()).as("the same position again, nothing appended here since: not asked").isZero();

        engine.appended();
        assertThat(tail(engine, end)).isEmpty();
        assertThat(statements.get()).as("after this process appended: asked").isEqualTo(1);
        assertThat(tail(engine, head)).isNotEmpty();
        assertThat(statements.get()).as("another position: asked").isEqualTo(1);
    }

    @Test
    void anotherProcesssAppendIsFoundByTheNextPoll() throws Exception {
        OneQueryLoadingEngine engine = engine(100);
        engine.pollTailEvery(Duration.ofMillis(20));
        TrackingToken head = head(engine);
        assertThat(tail(engine, head)).isEmpty();
        String sku = itemWithReceipts(0);  // appended through the service's own store: not this engine's process
        Thread.sleep(40);
        assertThat(tail(engine, head)).anySatisfy(event -> assertThat(event.getPayload().toString()).contains(sku));
        assertThat(statements.get()).isEqualTo(1);
    }

    @Test
    void aFullBatchOfTheTailIsFollowedByTheNext() throws Exception {
        OneQueryLoadingEngine engine = engine(2);
        engine.pollTailEvery(Duration.ofMinutes(10));
        TrackingToken head = head(engine);
        itemWithReceipts(2);  // three events: registered, received twice
        engine.appended();
        assertThat(tail(engine, head)).hasSize(3);
        assertThat(statements.get()).as("two events, then one: a short batch ends it").isEqualTo(2);
    }

    /** Appends soon after a read of the tail wait out the gap and are read together. */
    @Test
    void appendsWithinTheGapAfterATailReadAreReadTogetherOnceItHasPassed() throws Exception {
        OneQueryLoadingEngine engine = engine(100);
        engine.pollTailEvery(Duration.ofMinutes(10));
        engine.readTailAtMostEvery(Duration.ofSeconds(1));
        TrackingToken head = head(engine);
        String first = itemWithReceipts(0);
        engine.appended();
        long firstRead = System.nanoTime();
        List<? extends TrackedEventMessage<?>> read = tail(engine, head);
        assertThat(read).anySatisfy(event -> assertThat(event.getPayload().toString()).contains(first));

        String second = itemWithReceipts(0);
        engine.appended();
        String third = itemWithReceipts(0);
        engine.appended();
        List<? extends TrackedEventMessage<?>> next = tail(engine, read.get(read.size() - 1).trackingToken());
        assertThat(System.nanoTime() - firstRead).as("not before the gap has passed")
                                                 .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(next).anySatisfy(event -> assertThat(event.getPayload().toString()).contains(second))
                        .anySatisfy(event -> assertThat(event.getPayload().toString()).contains(third));
        assertThat(statements.get()).as("two appends, one read").isEqualTo(1);
    }

    /** The position after the newest event of the log, as a processor at the head holds it. */
    private TrackingToken head(OneQueryLoadingEngine engine) {
        long index = jdbc.sql("SELECT coalesce(max(global_index), 0) FROM tally_events.domain_event_entry")
                         .query(Long.class).single();
        return GapAwareTrackingToken.newInstance(index, Collections.emptySortedSet());
    }

    /** What the embedded store's reader of the tail gets from the position. */
    private List<? extends TrackedEventMessage<?>> tail(OneQueryLoadingEngine engine, TrackingToken from) {
        statements.set(0);
        try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(from, true)) {
            return events.toList();
        }
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
                                                               .dataType(String.class)
                                                               .readEventDataWithoutGaps(new TrackedEventsFetch())
                                                               .readEventDataWithGaps(new TrackedEventsFetch())
                                                               .extendedGapCheckEnabled(false),
                batchSize, NoTransactionManager.INSTANCE, schema, binding, SnapshotFilter.allowAll());
    }
}
