package io.tally.query.audit;

import io.tally.axon.TallyAxonProperties;
import io.tally.axon.privacy.PersonalData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Reads the event store itself, never a projection: what the auditor sees is what is stored. */
@Component
class AuditLog {

    /** The aggregate types of the audit API's paths, and the type Axon stores for each. */
    static final Map<String, String> AGGREGATE_TYPES = Map.of(
            "order", "Order",
            "payment", "Payment",
            "inventory", "InventoryItem");

    private final JdbcClient jdbc;
    private final JdbcTemplate cursorReads;
    private final TransactionTemplate readOnly;
    private final String table;
    private final String authentication;
    private final PersonalData personalData;
    private final RowMapper<AuditEvent> eventRows = (rs, row) -> event(rs);

    AuditLog(
            JdbcClient jdbc,
            DataSource dataSource,
            PlatformTransactionManager transactions,
            TallyAxonProperties properties,
            PersonalData personalData) {
        this.jdbc = jdbc;
        this.personalData = personalData;
        this.cursorReads = new JdbcTemplate(dataSource);
        this.cursorReads.setFetchSize(500);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.table = properties.eventSchema() + ".domain_event_entry";
        this.authentication = properties.eventSchema() + ".event_authentication";
    }

    String table() {
        return table;
    }

    /** Events without a MAC are taken up to this global index and no further (stored before MACs existed). */
    long unauthenticatedThrough() {
        return jdbc.sql("SELECT coalesce(min(unauthenticated_through), 0) FROM " + authentication)
                .query(Long.class)
                .single();
    }

    List<AuditEvent> stream(String storedType, String aggregateId) {
        return jdbc.sql("SELECT * FROM " + table + " WHERE aggregate_identifier = :id AND type = :type"
                        + " ORDER BY sequence_number")
                .param("id", aggregateId)
                .param("type", storedType)
                .query(eventRows)
                .list();
    }

    /** Filters of the global log: events after a global index, of a payload type, stored in [from, to). */
    record Range(long afterGlobalIndex, String type, Instant from, Instant to) {}

    List<AuditEvent> page(Range range, int limit) {
        List<AuditEvent> events = new ArrayList<>();
        read(range, limit, events::add);
        return events;
    }

    /** Streams the whole range through {@code sink}, a few hundred rows in memory at a time. */
    void each(Range range, Consumer<AuditEvent> sink) {
        read(range, Integer.MAX_VALUE, sink);
    }

    private void read(Range range, int limit, Consumer<AuditEvent> sink) {
        StringBuilder sql = new StringBuilder("SELECT * FROM " + table + " WHERE global_index > ?");
        List<Object> params = new ArrayList<>(List.of(range.afterGlobalIndex()));
        if (range.type() != null) {
            sql.append(" AND (payload_type = ? OR payload_type LIKE ?)");
            params.add(range.type());
            params.add("%." + range.type());
        }
        if (range.from() != null) {
            sql.append(" AND time_stamp::timestamptz >= ?");
            params.add(range.from().atOffset(ZoneOffset.UTC));
        }
        if (range.to() != null) {
            sql.append(" AND time_stamp::timestamptz < ?");
            params.add(range.to().atOffset(ZoneOffset.UTC));
        }
        sql.append(" ORDER BY global_index");
        if (limit != Integer.MAX_VALUE) {
            sql.append(" LIMIT ").append(limit);
        }
        cursor(sql.toString(), params, rows -> {
            while (rows.next()) {
                sink.accept(event(rows));
            }
            return null;
        });
    }

    /**
     * Reads the event store through a database cursor, a few hundred rows in memory at a time:
     * PostgreSQL keeps a cursor only inside a transaction, hence the read-only one.
     */
    <T> T cursor(String sql, List<Object> params, ResultSetExtractor<T> extractor) {
        return readOnly.execute(status -> cursorReads.query(sql, extractor, params.toArray()));
    }

    /** The audit API's name of a stored aggregate type ({@code InventoryItem} is {@code inventory}). */
    static String auditType(String storedType) {
        return AGGREGATE_TYPES.entrySet().stream()
                .filter(e -> e.getValue().equals(storedType))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(storedType);
    }

    /**
     * One stored event as the auditor sees it: as stored, except that personal data sealed with a
     * customer's key shows as its text while the key exists and as {@code [erased]} after.
     */
    private AuditEvent event(ResultSet rs) throws SQLException {
        String aggregateType = auditType(rs.getString("type"));
        String payloadType = rs.getString("payload_type");
        return new AuditEvent(
                rs.getLong("global_index"),
                aggregateType,
                rs.getString("aggregate_identifier"),
                rs.getLong("sequence_number"),
                rs.getString("event_identifier"),
                payloadType.substring(payloadType.lastIndexOf('.') + 1),
                rs.getString("payload_revision"),
                rs.getString("time_stamp"),
                personalData.reveal(rs.getString("payload")),
                rs.getString("meta_data"),
                rs.getString("hash"),
                rs.getString("previous_hash"));
    }
}
