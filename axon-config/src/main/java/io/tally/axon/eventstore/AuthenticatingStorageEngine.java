package io.tally.axon.eventstore;

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
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's JDBC storage engine, with two additions. Where the append key is (command-side), every
 * event an aggregate is built from is checked against it first ({@link #authenticateWith}): a row a
 * database role inserted refuses its aggregate instead of becoming its state. And the tail of the
 * global log, which the embedded event store's one reader shares among all the processors at the
 * head, is read sparingly (docs/axon-departures.md, "tail-reads"): Axon reads on after every batch
 * until one comes back empty, and its reader then asks once more because the last read found
 * something, two empty reads for every append, every one a statement and a transaction. Here a
 * short batch ends the read, and a read of the same position again, sooner than the poll interval
 * after the last one began and with no append committed by this process since, is answered empty
 * without asking: nothing could have arrived that the next poll (or the next local append's
 * wake-up) would not find. Two reads of the tail begin at least a gap apart
 * ({@link #readTailAtMostEvery}): after an append the reader waits out what is left of it, so one
 * read serves the appends of the orders in flight. The catching-up streams of processors behind the
 * head are read as Axon reads them, and so are aggregates. Whoever needs to know what other
 * processes append (the aggregate caches) is told of every aggregate event read ({@link #whenRead}).
 */
public final class AuthenticatingStorageEngine extends JdbcEventStorageEngine {

    private static final Logger log = LoggerFactory.getLogger(AuthenticatingStorageEngine.class);

    private final TransactionManager transactions;
    private final String loadFrom;
    private final String eventSchemaName;
    /** The append key: with it every event an aggregate is built from is checked first (command-side). */
    private volatile io.tally.axon.audit.EventMac mac;

    private volatile io.tally.axon.audit.EventAuthentication authentication;

    /** Where the tail's last short read ended and when it began: the position known to be quiet. */
    private record Quiet(TrackingToken at, long since) {}

    private final List<Consumer<DomainEventData<?>>> readers = new CopyOnWriteArrayList<>();
    private volatile long pollNanos;
    private volatile boolean appended;
    private volatile Quiet quiet;
    private volatile long tailGapNanos;
    /** When the tail's last read began; the embedded store's one reader thread alone reads and writes it. */
    private long lastTailRead;
    /** {@link io.tally.axon.Departure#TAIL_READS}: false reads the tail as Axon does. */
    private final boolean sparingTail;

    /** {@code builder} is configured as for Axon's engine; this sets its batch size. */
    AuthenticatingStorageEngine(
            JdbcEventStorageEngine.Builder builder,
            int batchSize,
            TransactionManager transactions,
            EventSchema schema,
            boolean sparingTail) {
        super(builder.batchSize(batchSize));
        this.sparingTail = sparingTail;
        this.transactions = transactions;
        String fields = schema.domainEventFields();
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
            log.error(
                    "ALERT aggregate {} refused: its event at global index {} (sequence {}) is {}: not appended by"
                            + " this service; the aggregate takes no command until the event store's owner deals with it"
                            + " (docs/audit.md, \"When the sealer refuses\")",
                    aggregate,
                    row.getLong("global_index"),
                    row.getLong(schema().sequenceNumberColumn()),
                    reason);
            throw new UnauthenticatedEventException(aggregate, row.getLong("global_index"), reason);
        }
    }

    /** Axon's read of an aggregate's events from a sequence on, each checked first. */
    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(
            String aggregateIdentifier, long firstSequenceNumber, int batchSize) {
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
    public void whenRead(Consumer<DomainEventData<?>> reader) {
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
        if (!mayBlock || !sparingTail) {
            return super.readEventData(trackingToken, false);
        }
        return StreamSupport.stream(
                new Spliterators.AbstractSpliterator<TrackedEventData<?>>(
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
                },
                false);
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
        quiet = read.size() >= batchSize()
                ? null
                : new Quiet(read.isEmpty() ? from : read.get(read.size() - 1).trackingToken(), now);
        return read;
    }
}
