package io.tally.query.consistency;

import io.tally.axon.TallyAxonProperties;
import java.util.OptionalLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The version an aggregate's row has reached in a PostgreSQL read model, by primary key: what a
 * {@code minVersion} read checks while it waits, so that it builds the whole answer (the query bus,
 * joins, opening personal data) once, when the version is there, and not on every wake-up.
 */
@Component
public class ReadModelVersions {

    private final JdbcClient jdbc;
    private final String eventTable;

    ReadModelVersions(JdbcClient jdbc, TallyAxonProperties properties) {
        this.jdbc = jdbc;
        this.eventTable = properties.eventSchema() + ".domain_event_entry";
    }

    /**
     * The newest version of an aggregate in the event store itself (its last sequence number), or
     * empty when the store holds no such aggregate: a {@code minVersion} beyond it can never be
     * reached, so it is answered at once instead of after the whole wait.
     */
    public OptionalLong stored(String aggregateId) {
        return jdbc.sql("SELECT sequence_number FROM " + eventTable + " WHERE aggregate_identifier = ?"
                        + " ORDER BY sequence_number DESC LIMIT 1")
                .param(aggregateId)
                .query(Long.class)
                .optional()
                .map(OptionalLong::of)
                .orElseGet(OptionalLong::empty);
    }

    public OptionalLong order(String orderId) {
        return version("SELECT version FROM order_view WHERE order_id = ?", orderId);
    }

    public OptionalLong payment(String paymentId) {
        return version("SELECT version FROM payment_view WHERE payment_id = ?", paymentId);
    }

    public OptionalLong inventoryItem(String sku) {
        return version("SELECT version FROM inventory_item WHERE sku = ?", sku);
    }

    private OptionalLong version(String sql, String id) {
        return jdbc.sql(sql)
                .param(id)
                .query(Long.class)
                .optional()
                .map(OptionalLong::of)
                .orElseGet(OptionalLong::empty);
    }
}
