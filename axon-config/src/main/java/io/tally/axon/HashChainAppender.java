package io.tally.axon;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Axon's append statement plus the hash chain ({@link EventHashes}): each event is stored with
 * its {@code hash} and the {@code previous_hash} of its aggregate's event before it, read from
 * the same transaction (or from this batch). Two appends racing for one aggregate still meet the
 * unique (aggregate, sequence) key, so a chain never forks.
 */
final class HashChainAppender implements AppendEventsStatementBuilder {

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        PreparedStatement statement = connection.prepareStatement("INSERT INTO " + schema.domainEventTable()
                + " (" + schema.domainEventFields() + ", hash, previous_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
        Map<String, String> lastHashes = new HashMap<>();
        for (EventMessage<?> message : events) {
            DomainEventMessage<?> event = message instanceof DomainEventMessage<?> domain ? domain
                    : new GenericDomainEventMessage<>(null, message.getIdentifier(), 0L, message, message::getTimestamp);
            SerializedObject<String> payload = event.serializePayload(serializer, String.class);
            SerializedObject<String> metaData = event.serializeMetaData(serializer, String.class);
            String timestamp = DateTimeUtils.formatInstant(event.getTimestamp());
            String previous = event.getSequenceNumber() == 0 ? null
                    : lastHashes.containsKey(event.getAggregateIdentifier())
                    ? lastHashes.get(event.getAggregateIdentifier())
                    : storedHash(connection, schema, event.getAggregateIdentifier(), event.getSequenceNumber() - 1);
            String hash = EventHashes.hash(event.getType(), event.getAggregateIdentifier(), event.getSequenceNumber(),
                    payload.getType().getName(), payload.getType().getRevision(), timestamp, payload.getData(),
                    metaData.getData(), previous);
            lastHashes.put(event.getAggregateIdentifier(), hash);
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
            statement.addBatch();
        }
        return statement;
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
