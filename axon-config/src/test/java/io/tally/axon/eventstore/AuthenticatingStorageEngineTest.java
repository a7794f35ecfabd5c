package io.tally.axon.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.axon.audit.EventMac;
import io.tally.axon.audit.HashChainAppender;
import io.tally.axon.testing.TestDatabase;
import io.tally.dev.CountingConnections;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The storage engine against the run's PostgreSQL, on an event store schema of its own migrated as
 * the services' is, with events appended as the services append them (hash chain and MAC,
 * {@link HashChainAppender}): an aggregate read as Axon reads it, every event checked against the
 * append key, and the reads of the log's tail counted statement by statement. (An edited snapshot
 * passed over is command-side's {@code InventorySnapshotTest}, on the service's snapshots.)
 */
class AuthenticatingStorageEngineTest {

    /** The events a test appends: an item registered, and stock received on it. */
    public record Registered(String sku) {}

    public record Received(String sku, long quantity, long onHand) {}

    private static TestDatabase database;
    private static DataSource dataSource;
    private static EventSchema schema;
    private static JdbcClient jdbc;
    /** Appends as the service does; the engine each test reads with is another. */
    private static AuthenticatingStorageEngine appender;

    private static final Serializer eventSerializer =
            Jackson3Serializer.builder().build();
    private static final EventMac mac = new EventMac(randomKey());

    private final AtomicInteger statements = new AtomicInteger();

    @BeforeAll
    static void migrate() {
        database = TestDatabase.freshSchema("axon_engine_test");
        dataSource = database.dataSource();
        jdbc = JdbcClient.create(dataSource);
        EventStoreSchema.flyway(dataSource, database.schema()).migrate();
        schema = EventStoreConfiguration.eventSchema(database.schema() + ".");
        appender = engine(100, dataSource::getConnection, schema);
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    /** Axon's own load: the events read in batches until one comes back empty. */
    @Test
    void aStreamLongerThanABatchIsReadToItsEnd() {
        String sku = itemWithReceipts(4);
        List<Long> sequences = load(engine(2), sku);
        assertThat(sequences).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    /**
     * Issue 34, point 2: a correctly chained event a database role inserted became the item's
     * stock, and the next real command built on it. With the append key, the aggregate is refused
     * instead, in one batch or several; with a MAC copied from another event too. An honest
     * aggregate loads as before.
     */
    @Test
    void anEventThisServiceDidNotAppendRefusesItsAggregateOnEveryReadPath() throws Exception {
        String honest = itemWithReceipts(2);
        String forged = itemWithReceipts(2);
        String copied = itemWithReceipts(2);
        // the forgeries stay in one transaction, rolled back at the end: the run's shared event store (its
        // sealer, the other tests' verifies) never sees them
        try (java.sql.Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            try {
                ConnectionProvider inTx = () -> (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {java.sql.Connection.class},
                        (proxy, method, args) -> method.getName().equals("close") ? null : method.invoke(tx, args));
                AuthenticatingStorageEngine checking = engine(100, inTx);
                checking.authenticateWith(mac);
                assertThat(load(checking, honest)).containsExactly(0L, 1L, 2L);

                long forgedIndex = forge(tx, forged, null);
                AuthenticatingStorageEngine batched = engine(2, inTx);
                batched.authenticateWith(mac);
                for (AuthenticatingStorageEngine engine : List.of(checking, batched)) {
                    assertThatThrownBy(() -> load(engine, forged))
                            .isInstanceOf(UnauthenticatedEventException.class)
                            .hasMessageContaining("global index " + forgedIndex)
                            .hasMessageContaining("event-unauthenticated");
                }

                String someoneElses = jdbc.sql(
                                "SELECT mac FROM " + database.schema() + ".domain_event_entry WHERE mac IS NOT NULL"
                                        + " AND aggregate_identifier = :sku ORDER BY sequence_number DESC LIMIT 1")
                        .param("sku", honest)
                        .query(String.class)
                        .single();
                forge(tx, copied, someoneElses);
                assertThatThrownBy(() -> load(checking, copied)).isInstanceOf(UnauthenticatedEventException.class);
                assertThat(load(engine(100, inTx), copied))
                        .as("without the key (query-side): not checked here")
                        .hasSize(4);
            } finally {
                tx.rollback();
            }
        }
    }

    /** Appends, as a database role could, a receipt chained onto the item's last event; answers its global index. */
    private static long forge(java.sql.Connection tx, String sku, String copiedMac) throws java.sql.SQLException {
        try (java.sql.PreparedStatement query = tx.prepareStatement("SELECT * FROM " + database.schema()
                + ".domain_event_entry" + " WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1")) {
            query.setString(1, sku);
            try (java.sql.ResultSet last = query.executeQuery()) {
                last.next();
                long sequence = last.getLong("sequence_number") + 1;
                String eventId = java.util.UUID.randomUUID().toString();
                String payload = "{\"sku\":\"" + sku + "\",\"quantity\":1000000," + "\"onHand\":1000002}";
                String metadata = "{\"principal\":\"cfo@example.com\"}";
                String timestamp = java.time.Instant.now().toString();
                String previous = last.getString("hash").trim();
                String hash = io.tally.axon.audit.EventHashes.hashV2(
                        eventId,
                        last.getString("type"),
                        sku,
                        sequence,
                        last.getString("payload_type"),
                        last.getString("payload_revision"),
                        timestamp,
                        payload,
                        metadata,
                        previous);
                try (java.sql.PreparedStatement insert = tx.prepareStatement("INSERT INTO"
                        + " " + database.schema() + ".domain_event_entry (aggregate_identifier, sequence_number, type,"
                        + " event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp, hash,"
                        + " previous_hash, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING global_index")) {
                    insert.setString(1, sku);
                    insert.setLong(2, sequence);
                    insert.setString(3, last.getString("type"));
                    insert.setString(4, eventId);
                    insert.setString(5, metadata);
                    insert.setString(6, payload);
                    insert.setString(7, last.getString("payload_revision"));
                    insert.setString(8, last.getString("payload_type"));
                    insert.setString(9, timestamp);
                    insert.setString(10, hash);
                    insert.setString(11, previous);
                    insert.setString(12, copiedMac);
                    try (java.sql.ResultSet index = insert.executeQuery()) {
                        index.next();
                        return index.getLong(1);
                    }
                }
            }
        }
    }

    @Test
    void theTailIsReadOnceAWakeUpAndNotAgainUntilSomethingCanHaveArrived() throws Exception {
        AuthenticatingStorageEngine engine = engine(100);
        engine.pollTailEvery(Duration.ofMinutes(10));
        TrackingToken head = head(engine);
        String sku = itemWithReceipts(2);

        engine.appended();
        List<? extends TrackedEventMessage<?>> read = tail(engine, head);
        assertThat(read)
                .anySatisfy(event -> assertThat(event.getPayload().toString()).contains(sku));
        assertThat(statements.get()).as("one read: a short batch ends it").isEqualTo(1);

        TrackingToken end = read.get(read.size() - 1).trackingToken();
        assertThat(tail(engine, end)).isEmpty();
        assertThat(statements.get())
                .as("the same position again, nothing appended here since: not asked")
                .isZero();

        engine.appended();
        assertThat(tail(engine, end)).isEmpty();
        // Axon's read of an empty window asks a second time, for an event beyond a gap wider than the batch
        assertThat(statements.get())
                .as("after this process appended: asked, as Axon asks")
                .isEqualTo(2);
        assertThat(tail(engine, head)).isNotEmpty();
        assertThat(statements.get()).as("another position: asked").isEqualTo(1);
    }

    @Test
    void anotherProcesssAppendIsFoundByTheNextPoll() throws Exception {
        AuthenticatingStorageEngine engine = engine(100);
        engine.pollTailEvery(Duration.ofMillis(20));
        TrackingToken head = head(engine);
        assertThat(tail(engine, head)).isEmpty();
        String sku = itemWithReceipts(0); // appended through the service's own store: not this engine's process
        Thread.sleep(40);
        assertThat(tail(engine, head))
                .anySatisfy(event -> assertThat(event.getPayload().toString()).contains(sku));
        assertThat(statements.get()).isEqualTo(1);
    }

    @Test
    void aFullBatchOfTheTailIsFollowedByTheNext() throws Exception {
        AuthenticatingStorageEngine engine = engine(2);
        engine.pollTailEvery(Duration.ofMinutes(10));
        TrackingToken head = head(engine);
        itemWithReceipts(2); // three events: registered, received twice
        engine.appended();
        assertThat(tail(engine, head)).hasSize(3);
        assertThat(statements.get())
                .as("two events, then one: a short batch ends it")
                .isEqualTo(2);
    }

    /** Appends soon after a read of the tail wait out the gap and are read together. */
    @Test
    void appendsWithinTheGapAfterATailReadAreReadTogetherOnceItHasPassed() throws Exception {
        AuthenticatingStorageEngine engine = engine(100);
        engine.pollTailEvery(Duration.ofMinutes(10));
        engine.readTailAtMostEvery(Duration.ofSeconds(1));
        TrackingToken head = head(engine);
        String first = itemWithReceipts(0);
        engine.appended();
        long firstRead = System.nanoTime();
        List<? extends TrackedEventMessage<?>> read = tail(engine, head);
        assertThat(read)
                .anySatisfy(event -> assertThat(event.getPayload().toString()).contains(first));

        String second = itemWithReceipts(0);
        engine.appended();
        String third = itemWithReceipts(0);
        engine.appended();
        List<? extends TrackedEventMessage<?>> next =
                tail(engine, read.get(read.size() - 1).trackingToken());
        assertThat(System.nanoTime() - firstRead)
                .as("not before the gap has passed")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(next)
                .anySatisfy(event -> assertThat(event.getPayload().toString()).contains(second))
                .anySatisfy(event -> assertThat(event.getPayload().toString()).contains(third));
        assertThat(statements.get()).as("two appends, one read").isEqualTo(1);
    }

    /** The position after the newest event of the log, as a processor at the head holds it. */
    private TrackingToken head(AuthenticatingStorageEngine engine) {
        long index = jdbc.sql("SELECT coalesce(max(global_index), 0) FROM " + database.schema() + ".domain_event_entry")
                .query(Long.class)
                .single();
        return GapAwareTrackingToken.newInstance(index, Collections.emptySortedSet());
    }

    /** What the embedded store's reader of the tail gets from the position. */
    private List<? extends TrackedEventMessage<?>> tail(AuthenticatingStorageEngine engine, TrackingToken from) {
        statements.set(0);
        try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(from, true)) {
            return events.toList();
        }
    }

    /**
     * An item registered and received {@code receipts} times, appended as the services append (hash
     * chain and MAC) by another engine than the one a test reads with: to the reader it is another
     * process's append.
     */
    private static String itemWithReceipts(int receipts) {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 18);
        List<DomainEventMessage<?>> events = new ArrayList<>();
        events.add(new GenericDomainEventMessage<>("InventoryItem", sku, 0, new Registered(sku)));
        for (int i = 1; i <= receipts; i++) {
            events.add(new GenericDomainEventMessage<>("InventoryItem", sku, i, new Received(sku, 1, i)));
        }
        appender.appendEvents(events);
        return sku;
    }

    private List<Long> load(AuthenticatingStorageEngine engine, String aggregateId) {
        statements.set(0);
        return engine.readEvents(aggregateId)
                .asStream()
                .map(DomainEventMessage::getSequenceNumber)
                .toList();
    }

    /** The service's engine, on connections that count the statements prepared on them. */
    private AuthenticatingStorageEngine engine(int batchSize) {
        return engine(batchSize, () -> CountingConnections.open(dataSource, statements));
    }

    private AuthenticatingStorageEngine engine(int batchSize, ConnectionProvider connections) {
        return engine(batchSize, connections, schema);
    }

    private static AuthenticatingStorageEngine engine(
            int batchSize, ConnectionProvider connections, EventSchema schema) {
        return new AuthenticatingStorageEngine(
                JdbcEventStorageEngine.builder()
                        .snapshotSerializer(EventStoreConfiguration.snapshotSerializer())
                        .eventSerializer(eventSerializer)
                        .persistenceExceptionResolver(new UniqueViolationResolver())
                        .connectionProvider(connections)
                        .transactionManager(NoTransactionManager.INSTANCE)
                        .schema(schema)
                        .dataType(String.class)
                        .appendEvents(new HashChainAppender(mac)),
                batchSize,
                NoTransactionManager.INSTANCE,
                schema,
                true);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
