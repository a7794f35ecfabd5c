package io.tally.axon.eventstore;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.ReadEventDataWithGapsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.ReadEventDataWithoutGapsStatementBuilder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * The processors' read of the global log in one statement. Axon reads the events in the window
 * after a token ({@code index < global_index <= index + batch}) and, when that comes back empty,
 * asks in a second statement for the first index after the token, in case a gap wider than the
 * window (a rolled-back batch of appends) hides the events behind it. Here the window's end is
 * {@code greatest(index + batch, first index after the token)}: the same events, in one statement,
 * whether the window holds some, none, or only lies before a wide gap. So the engine runs with
 * Axon's extended gap check off, and a poll that finds nothing costs one statement, not two.
 */
final class TrackedEventsFetch implements ReadEventDataWithoutGapsStatementBuilder,
        ReadEventDataWithGapsStatementBuilder {

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, long globalIndex, int batchSize)
            throws SQLException {
        return build(connection, schema, globalIndex, batchSize, Collections.emptyList());
    }

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, long globalIndex, int batchSize,
                                   List<Long> gaps) throws SQLException {
        String index = schema.globalIndexColumn();
        String window = "(" + index + " > ? AND " + index + " <= greatest(?, (SELECT min(" + index + ") FROM "
                + schema.domainEventTable() + " WHERE " + index + " > ?)))";
        String gapList = gaps.isEmpty() ? "" : " OR " + index + " IN ("
                + String.join(",", Collections.nCopies(gaps.size(), "?")) + ")";
        PreparedStatement statement = connection.prepareStatement("SELECT " + schema.trackedEventFields() + " FROM "
                + schema.domainEventTable() + " WHERE " + window + gapList + " ORDER BY " + index + " ASC");
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        statement.setLong(3, globalIndex);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(4 + i, gaps.get(i));
        }
        return statement;
    }
}
