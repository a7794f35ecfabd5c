package io.tally.axon.eventstore;

import io.tally.axon.audit.SnapshotBinding;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.axonframework.eventsourcing.EventStreamUtils.upcastAndDeserializeDomainEvents;

/**
 * Axon's JDBC storage engine, with an aggregate loaded in one query. Axon asks three or four
 * times for each load: the newest snapshot (even for aggregates that never snapshot), the hash
 * of the event a snapshot covers ({@link SnapshotBinding}), the events after it, and one more,
 * empty, batch to be sure the stream ended. Here one statement answers all of it: the newest
 * snapshot with the hash of the event it covers, and the events after it, up to a batch. A stream
 * cannot have gaps (its sequence numbers are unique and dense, and an append racing this read
 * fails on the unique key), so a batch shorter than the batch size is the end. A snapshot that
 * fails its binding or Axon's filters is ignored and the aggregate is read from its first event.
 * <p>
 * The tail of the global log, which the embedded event store's one reader shares among all the
 * processors at the head, is read once per wake-up instead of three times. Axon reads on after
 * every batch until one comes back empty, and its reader then asks once more because the last
 * read found something: two empty reads for every append, every one a statement and a
 * transaction. Here a short batch ends the read, and a read of the same position again, sooner
 * than the poll interval after the last one began and with no append committed by this process
 * since, is answered empty without asking: nothing could have arrived that the next poll (or the
 * next local append's wake-up) would not find. Two reads of the tail begin at least a gap apart
 * ({@link #readTailAtMostEvery}): after an append the reader waits out what is left of it, so one
 * read serves the appends of the orders in flight. The catching-up streams of processors behind the
 * head are read as Axon reads them. Whoever needs to know what other processes append (the
 * aggregate caches) is told of every aggregate event read ({@link #whenRead}).
 */
final class OneQueryLoadingEngine extends JdbcEventStorageEngine {

    private static final Logger log = LoggerFactory.getLogger(OneQueryLoadingEngine.class);

    private final TransactionManager transactions;
    private final SnapshotBinding binding;
    private final SnapshotFilter filter;
    private final String load;
    private final String loadFrom;
    private final String eventSchemaName;
    /** The append key: with it every event an aggregate is built from is checked first (command-side). */
    private volatile io.tally.axon.audit.EventMac mac;
    private volatile io.tally.axon.audit.EventAuthentication authentication;

    /** Where the tail's last short read ended and when it began: the position known to be quiet. */
    private record Quiet(TrackingToken at, long since) {
    }

    private final List<Consumer<DomainEventData<?>>> readers = new CopyOnWriteArrayList<>();
    private volatile long pollNanos;
    private volatile boolean appended;
    private volatile Quiet quiet;
    private volatile long tailGapNanos;
    /** When the tail's last read began; the embedded store's one reader thread alone reads and writes it. */
    private long lastTailRead;

    /**
     * {@code builder} is configured as for Axon's engine; this sets its batch size and its end of an
     * aggregate's stream (a short batch).
     */
    OneQueryLoadingEngine(JdbcEventStorageEngine.Builder builder, int batchSize, TransactionManager transactions,
                          EventSchema schema, SnapshotBinding binding, SnapshotFilter filter) {
        super(builder.batchSize(batchSize).finalAggregateBatchPredicate(batch -> batch.size() < batchSize));
        this.transactions = transactions;
        this.binding = binding;
        this.filter = filter;
        String fields = schema.domainEventFields();
        this.load = "WITH snapshot AS (SELECT " + fields + " FROM " + schema.snapshotTable()
                + " WHERE " + schema.aggregateIdentifierColumn() + " = ? ORDER BY " + schema.sequenceNumberColumn()
                + " DESC LIMIT 1)"
                + " SELECT 0 AS part, s.*, (SELECT e.hash FROM " + schema.domainEventTable() + " e"
                + " WHERE e." + schema.aggregateIdentifierColumn() + " = s." + schema.aggregateIdentifierColumn()
                + " AND e." + schema.sequenceNumberColumn() + " = s." + schema.sequenceNumberColumn()
                + ") AS covered_hash, NULL AS global_index, NULL AS hash, NULL AS previous_hash, NULL AS mac"
                + " FROM snapshot s"
                + " UNION ALL (SELECT 1, " + fields + ", NULL, " + io.tally.axon.audit.EventAuthentication.CHAIN_COLUMNS
                + " FROM "
                + schema.domainEventTable()
                + " WHERE " + schema.aggregateIdentifierColumn() + " = ? AND " + schema.sequenceNumberColumn()
                + " > coalesce((SELECT " + schema.sequenceNumberColumn() + " FROM snapshot), -1)"
                + " ORDER BY " + schema.sequenceNumberColumn() + " LIMIT ?)";
        this.loadFrom = "SELECT " + fields + ", " + io.tally.axon.audit.EventAuthentication.CHAIN_COLUMNS + " FROM "
                + schema.domainEventTable()
                + " WHERE " + schema.aggregateIdentifierColumn() + " = ? AND " + schema.sequenceNumberColumn()
                + " >= ? ORDER BY " + schema.sequenceNumberColumn() + " LIMIT ?";
        String table = schema.domainEventTable();
        this.eventSchemaName = table.contains(".") ? table.substring(0, table.lastIndexOf('.')) : "public";
    }

    /**
     * Every event an aggregate is built from is checked against the append key first (issue 34,
     * point 2): a row a database role inserted, chained or not, refuses its aggregate every command
     * instead of becoming its state, until the event store's owner deals with it.
     */
    void authenticateWith(io.tally.axon.audit.EventMac key) {
        this.mac = key;
    }

    /** Refuses the load when a row read is not one this service appended. */
    private void authenticate(ResultSet row, Connection connection) throws SQLException {
        io.tally.axon.audit.EventMac key = mac;
        if (key == null) {
            return;
        }
        io.tally.axon.audit.EventAuthentication check = authentication;
        if (check == null) {
            check = io.tally.axon.audit.EventAuthentication.of(key, connection, eventSchemaName);
            authentication = check;
        }
        String reason = check.refusal(row);
        if (reason != null) {
            String aggregate = row.getString(schema().aggregateIdentifierColumn());
            log.error("ALERT aggregate {} refused: its event at global index {} (sequence {}) is {}: not appended by"
                    + " this service; the aggregate takes no command until the event store's owner deals with it"
                    + " (docs/audit.md, \"When the sealer refuses\")", aggregate, row.getLong("global_index"),
                    row.getLong(schema().sequenceNumberColumn()), reason);
            throw new UnauthenticatedEventException(aggregate, row.getLong("global_index"), reason);
        }
    }

    /** Axon's read of an aggregate's events from a sequence on (past a batch, or without a snapshot), checked too. */
    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier, long firstSequenceNumber,
                                                                   int batchSize) {
        return transactions.fetchInTransaction(() -> {
            Connection connection = getConnection();
            try (PreparedStatement statement = connection.prepareStatement(loadFrom)) {
                statement.setString(1, aggregateIdentifier);
                statement.setLong(2, firstSequenceNumber);
                statement.setInt(3, batchSize);
                List<DomainEventData<?>> events = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        authenticate(rows, connection);
                        events.add(getDomainEventData(rows));
                    }
                }
                return events;
            } catch (SQLException e) {
                throw new org.axonframework.eventsourcing.eventstore.EventStoreException(
                        "Failed to read events for aggregate [" + aggregateIdentifier + "]", e);
            } finally {
                org.axonframework.common.jdbc.JdbcUtils.closeQuietly(connection);
            }
        });
    }

    /** The tail is read again at least this often, whatever this process appends (zero: always read). */
    void pollTailEvery(Duration interval) {
        this.pollNanos = interval.toNanos();
    }

    /** Two reads of the tail begin at least this far apart, however often this process appends. */
    void readTailAtMostEvery(Duration gap) {
        this.tailGapNanos = gap.toNanos();
    }

    /** Is told of every event of an aggregate read from the global log, by any processor's stream. */
    void whenRead(Consumer<DomainEventData<?>> reader) {
        readers.add(reader);
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        List<? extends TrackedEventData<?>> read = super.fetchTrackedEvents(lastToken, batchSize);
        if (!readers.isEmpty()) {
            for (TrackedEventData<?> event : read) {
                if (event instanceof DomainEventData<?> domain && domain.getAggregateIdentifier() != null) {
                    readers.forEach(reader -> reader.accept(domain));
                }
            }
        }
        return read;
    }

    /** This process committed events: the tail's next read goes to the store. */
    void appended() {
        appended = true;
    }

    /** The embedded store's reader asks with {@code mayBlock}; catching-up streams without. */
    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        if (!mayBlock) {
            return super.readEventData(trackingToken, false);
        }
        return StreamSupport.stream(new Spliterators.AbstractSpliterator<TrackedEventData<?>>(
                Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
            private Iterator<? extends TrackedEventData<?>> batch = Collections.emptyIterator();
            private TrackingToken last = trackingToken;
            private boolean ended;

            @Override
            public boolean tryAdvance(Consumer<? super TrackedEventData<?>> action) {
                if (!batch.hasNext()) {
                    if (ended) {
                        return false;
                    }
                    List<? extends TrackedEventData<?>> read = readTail(last);
                    ended = read.size() < batchSize();
                    batch = read.iterator();
                    if (!batch.hasNext()) {
                        return false;
                    }
                }
                TrackedEventData<?> next = batch.next();
                last = next.trackingToken();
                action.accept(next);
                return true;
            }
        }, false);
    }

    private List<? extends TrackedEventData<?>> readTail(TrackingToken from) {
        long now = System.nanoTime();
        Quiet known = quiet;
        if (!appended && known != null && Objects.equals(known.at(), from) && now - known.since() < pollNanos) {
            return List.of();
        }
        long early = lastTailRead + tailGapNanos - now;
        if (early > 0) {
            LockSupport.parkNanos(early);
            now = System.nanoTime();
        }
        lastTailRead = now;
        appended = false;
        List<? extends TrackedEventData<?>> read = fetchTrackedEvents(from, batchSize());
        quiet = read.size() >= batchSize() ? null
                : new Quiet(read.isEmpty() ? from : read.get(read.size() - 1).trackingToken(), now);
        return read;
    }

    /** What one load read: the newest snapshot (or null), the stored hash of the event it covers, the events after it. */
    private record Loaded(DomainEventData<?> snapshot, String coveredHash, List<DomainEventData<?>> events) {
    }

    /** The aggregate's snapshot (if one is bound and allowed) and its events after it, read in one statement. */
    DomainEventStream readAggregate(String aggregateIdentifier) {
        Loaded loaded = transactions.fetchInTransaction(() -> query(aggregateIdentifier));
        DomainEventStream snapshot = DomainEventStream.empty();
        if (loaded.snapshot() != null) {
            snapshot = deserializedSnapshot(loaded);
            if (snapshot == null) {
                return readEvents(aggregateIdentifier, 0);
            }
        }
        DomainEventStream events = upcastAndDeserializeDomainEvents(loaded.events().stream(), getEventSerializer(),
                upcasterChain);
        if (loaded.events().size() >= batchSize()) {
            long next = loaded.events().get(loaded.events().size() - 1).getSequenceNumber() + 1;
            events = DomainEventStream.concat(events, readEvents(aggregateIdentifier, next));
        }
        return DomainEventStream.concat(snapshot, events);
    }

    /** The snapshot as its message, or null when it is not to be used (unbound, filtered out, unreadable). */
    private DomainEventStream deserializedSnapshot(Loaded loaded) {
        DomainEventData<?> snapshot = loaded.snapshot();
        if (!binding.allow(snapshot, loaded.coveredHash()) || !filter.allow(snapshot)) {
            return null;
        }
        try {
            List<? extends org.axonframework.eventhandling.DomainEventMessage<?>> messages =
                    upcastAndDeserializeDomainEvents(Stream.of(snapshot), getSnapshotSerializer(), upcasterChain)
                            .asStream().toList();
            return messages.isEmpty() ? null : DomainEventStream.of(messages.get(0));
        } catch (RuntimeException | LinkageError unreadable) {
            log.warn("snapshot of {} at sequence {} could not be read ({}): loading it from its events",
                    snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber(), unreadable.toString());
            return null;
        }
    }

    private Loaded query(String aggregateIdentifier) {
        Connection connection = getConnection();
        try (PreparedStatement statement = connection.prepareStatement(load)) {
            statement.setString(1, aggregateIdentifier);
            statement.setString(2, aggregateIdentifier);
            statement.setInt(3, batchSize());
            DomainEventData<?> snapshot = null;
            String covered = null;
            List<DomainEventData<?>> events = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (rows.getInt("part") == 0) {
                        snapshot = getSnapshotData(rows);
                        covered = rows.getString("covered_hash");
                    } else {
                        authenticate(rows, connection);
                        events.add(getDomainEventData(rows));
                    }
                }
            }
            return new Loaded(snapshot, covered, events);
        } catch (SQLException e) {
            throw new org.axonframework.eventsourcing.eventstore.EventStoreException(
                    "Failed to read events for aggregate [" + aggregateIdentifier + "]", e);
        } finally {
            org.axonframework.common.jdbc.JdbcUtils.closeQuietly(connection);
        }
    }
}
