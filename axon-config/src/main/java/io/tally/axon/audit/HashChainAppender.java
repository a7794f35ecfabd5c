package io.tally.axon.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's append statement plus the hash chain ({@link EventHashes}): each event is stored with
 * its {@code hash} and the {@code previous_hash} of its aggregate's event before it, read from
 * the same transaction (or from this batch). Two appends racing for one aggregate still meet the
 * unique (aggregate, sequence) key, so a chain never forks.
 * <p>
 * The hash of each aggregate's last event appended here is remembered once its transaction has
 * committed, so the next append to that aggregate does not read it back (one query per command
 * otherwise). A stored event never changes, so a remembered (aggregate, sequence) hash stays true;
 * an append that rolled back (a lost race) is never remembered, and an aggregate last written
 * elsewhere (another instance) is read from the store as before.
 * <p>
 * Each event's hash is its {@code tally-event-v2} form (with its identifier) and it is stored with
 * the {@link EventMac} over that hash: the proof that this service, not a database role, wrote it.
 * A service without the MAC key (query-side) appends nothing.
 */
public final class HashChainAppender implements AppendEventsStatementBuilder {

    private static final int REMEMBERED = 10_000;

    private record Last(long sequence, String hash) {}

    private final Map<String, Last> committed = new LinkedHashMap<>(REMEMBERED * 4 / 3 + 1, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Last> eldest) {
            return size() > REMEMBERED;
        }
    };

    private final EventMac mac;

    /** @param mac the append key; null where this service must never append (every append then fails) */
    public HashChainAppender(EventMac mac) {
        this.mac = mac;
    }

    @Override
    public PreparedStatement build(
            Connection connection,
            EventSchema schema,
            Class<?> dataType,
            List<? extends EventMessage<?>> events,
            Serializer serializer,
            TimestampWriter timestampWriter)
            throws SQLException {
        if (mac == null) {
            throw new IllegalStateException(
                    "this service holds no event MAC key (tally.audit.event-mac-key) and" + " appends no events");
        }
        PreparedStatement statement = connection.prepareStatement("INSERT INTO " + schema.domainEventTable() + " ("
                + schema.domainEventFields() + ", hash, previous_hash, mac) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
        Map<String, Last> lastHashes = new HashMap<>();
        for (EventMessage<?> message : events) {
            DomainEventMessage<?> event = message instanceof DomainEventMessage<?> domain
                    ? domain
                    : new GenericDomainEventMessage<>(
                            null, message.getIdentifier(), 0L, message, message::getTimestamp);
            SerializedObject<String> payload = event.serializePayload(serializer, String.class);
            SerializedObject<String> metaData = event.serializeMetaData(serializer, String.class);
            String timestamp = DateTimeUtils.formatInstant(event.getTimestamp());
            String previous = event.getSequenceNumber() == 0
                    ? null
                    : lastHashes.containsKey(event.getAggregateIdentifier())
                            ? lastHashes.get(event.getAggregateIdentifier()).hash()
                            : previousHash(
                                    connection, schema, event.getAggregateIdentifier(), event.getSequenceNumber() - 1);
            String hash = EventHashes.hashV2(
                    event.getIdentifier(),
                    event.getType(),
                    event.getAggregateIdentifier(),
                    event.getSequenceNumber(),
                    payload.getType().getName(),
                    payload.getType().getRevision(),
                    timestamp,
                    payload.getData(),
                    metaData.getData(),
                    previous);
            lastHashes.put(event.getAggregateIdentifier(), new Last(event.getSequenceNumber(), hash));
            statement.setString(1, event.getIdentifier());
            statement.setString(2, event.getAggregateIdentifier());
            statement.setLong(3, event.getSequenceNumber());
            statement.setString(4, event.getType());
            statement.setString(5, timestamp);
            statement.setString(6, payload.getType().getName());
            statement.setString(7, payload.getType().getRevision());
            statement.setString(8, payload.getData());
            statement.setString(9, metaData.getData());
            statement.setString(10, hash);
            statement.setString(11, previous);
            statement.setString(12, mac.mac(hash));
            statement.addBatch();
        }
        rememberOnCommit(lastHashes);
        return statement;
    }

    private String previousHash(Connection connection, EventSchema schema, String aggregateId, long sequence)
            throws SQLException {
        Last last;
        synchronized (committed) {
            last = committed.get(aggregateId);
        }
        return last != null && last.sequence() == sequence
                ? last.hash()
                : storedHash(connection, schema, aggregateId, sequence);
    }

    /** Remembers the batch's last hashes when the transaction that stores them commits; not without one. */
    private void rememberOnCommit(Map<String, Last> lastHashes) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                synchronized (committed) {
                    committed.putAll(lastHashes);
                }
            }
        });
    }

    private static String storedHash(Connection connection, EventSchema schema, String aggregateId, long sequence)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT hash FROM " + schema.domainEventTable()
                + " WHERE aggregate_identifier = ? AND sequence_number = ?")) {
            query.setString(1, aggregateId);
            query.setLong(2, sequence);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}
