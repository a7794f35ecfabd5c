package io.tally.axon.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Whether a stored event is one this service appended: its hash recomputed from its fields (v2
 * with a MAC, v1 without) and its MAC checked with the append key; an event without a MAC is
 * taken only at or below the store's {@code unauthenticated_through} (appended before MACs
 * existed). The sealer asks before it seals a range; command-side asks before an aggregate is
 * built from its events, so a row a database role inserted is refused where it would first act.
 */
public final class EventAuthentication {

    /** The columns {@link #refusal} reads beyond Axon's own event fields, for a SELECT list. */
    public static final String CHAIN_COLUMNS = "global_index, hash, previous_hash, mac";

    /** Every column {@link #refusal} reads, for a SELECT list. */
    public static final String COLUMNS = "event_identifier, type, aggregate_identifier, sequence_number, payload_type,"
            + " payload_revision, time_stamp, payload, meta_data, " + CHAIN_COLUMNS;

    private final EventMac mac;
    private final long legacyThrough;

    public EventAuthentication(EventMac mac, long legacyThrough) {
        this.mac = mac;
        this.legacyThrough = legacyThrough;
    }

    /** With the boundary the store records ({@code <schema>.event_authentication}). */
    public static EventAuthentication of(EventMac mac, Connection db, String eventSchema) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT coalesce(min(unauthenticated_through), 0) FROM "
                        + eventSchema + ".event_authentication");
                ResultSet row = query.executeQuery()) {
            row.next();
            return new EventAuthentication(mac, row.getLong(1));
        }
    }

    /**
     * Null for an event this service appended, else why not: {@code event-unauthenticated} (no MAC
     * above the boundary, or one this key did not make) or {@code event-altered} (the stored hash is
     * not the fields'). {@code row} is positioned on a row holding {@link #COLUMNS}.
     */
    public String refusal(ResultSet row) throws SQLException {
        long globalIndex = row.getLong("global_index");
        String stored = row.getString("hash");
        String eventMac = row.getString("mac");
        boolean authenticated = eventMac != null;
        if (!authenticated && globalIndex > legacyThrough) {
            return "event-unauthenticated";
        }
        if (!EventHashes.hashOf(
                        authenticated,
                        row.getString("event_identifier"),
                        row.getString("type"),
                        row.getString("aggregate_identifier"),
                        row.getLong("sequence_number"),
                        row.getString("payload_type"),
                        row.getString("payload_revision"),
                        row.getString("time_stamp"),
                        row.getString("payload"),
                        row.getString("meta_data"),
                        row.getString("previous_hash"))
                .equals(stored)) {
            return "event-altered";
        }
        if (authenticated && !mac.valid(stored, eventMac)) {
            return "event-unauthenticated";
        }
        return null;
    }
}
