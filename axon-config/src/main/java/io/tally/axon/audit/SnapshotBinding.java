package io.tally.axon.audit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendSnapshotStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds every snapshot to the hash chain: a snapshot records the hash of the last event it covers
 * ({@code coveredEventHash}) and an Ed25519 signature (the seal key) over that hash, the aggregate,
 * the sequence and the snapshot's payload ({@code snapshotSignature}). A snapshot whose covered
 * hash is not the store's, whose signature does not verify, or that carries neither (written by a
 * version before this, or stripped) is ignored: the aggregate is loaded from its events, the
 * counter {@code tally.snapshots.ignored} goes up and a warning names it. Snapshots stay a cache;
 * no edit of one reaches an aggregate's state.
 */
public final class SnapshotBinding implements AppendSnapshotStatementBuilder, SnapshotFilter {

    public static final String COVERED_EVENT_HASH = "coveredEventHash";
    public static final String SIGNATURE = "snapshotSignature";
    private static final Logger log = LoggerFactory.getLogger(SnapshotBinding.class);

    private final Seals seals;
    private final JdbcTemplate jdbc;
    private final String events;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Counter ignored;
    private final Cache<String, Boolean> verified =
            Caffeine.newBuilder().maximumSize(10_000).build();

    public SnapshotBinding(Seals seals, DataSource dataSource, String eventSchema, MeterRegistry meters) {
        this.seals = seals;
        this.jdbc = new JdbcTemplate(dataSource);
        this.events = eventSchema + ".domain_event_entry";
        this.ignored = Counter.builder("tally.snapshots.ignored")
                .description("snapshots not bound to the event store's hash chain, loaded from events instead")
                .register(meters);
    }

    /** The canonical form signed: what the snapshot claims to be, the state, and the event it ends with. */
    static String canonical(String aggregateId, long sequence, String coveredEventHash, String payload) {
        return "tally-snapshot-v1\n" + aggregateId + "\n" + sequence + "\n" + coveredEventHash + "\n" + payload + "\n";
    }

    @Override
    public PreparedStatement build(
            Connection connection,
            EventSchema schema,
            Class<?> dataType,
            DomainEventMessage<?> snapshot,
            Serializer serializer,
            TimestampWriter timestampWriter)
            throws SQLException {
        String covered = coveredHash(connection, snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber());
        String payload =
                serializer.serialize(snapshot.getPayload(), String.class).getData();
        String signature = seals.sign(
                canonical(snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber(), covered, payload));
        DomainEventMessage<?> bound = snapshot.andMetaData(Map.of(COVERED_EVENT_HASH, covered, SIGNATURE, signature));
        return JdbcEventStorageEngineStatements.appendSnapshot(
                connection, schema, dataType, bound, serializer, timestampWriter);
    }

    @Override
    public boolean allow(DomainEventData<?> snapshot) {
        List<String> stored = jdbc.queryForList(
                "SELECT hash FROM " + events + " WHERE aggregate_identifier = ? AND sequence_number = ?",
                String.class,
                snapshot.getAggregateIdentifier(),
                snapshot.getSequenceNumber());
        return allow(snapshot, stored.isEmpty() ? null : stored.get(0));
    }

    /**
     * As {@link #allow(DomainEventData)}, with the hash the store holds for the event the snapshot
     * covers already read (null when it holds none).
     */
    public boolean allow(DomainEventData<?> snapshot, String storedCoveredHash) {
        String reason = problem(snapshot, storedCoveredHash);
        if (reason == null) {
            return true;
        }
        ignored.increment();
        log.warn(
                "snapshot of {} at sequence {} ignored ({}): loading it from its events",
                snapshot.getAggregateIdentifier(),
                snapshot.getSequenceNumber(),
                reason);
        return false;
    }

    @Override
    public boolean test(DomainEventData<?> snapshot) {
        return allow(snapshot);
    }

    private String problem(DomainEventData<?> snapshot, String storedCoveredHash) {
        Object metaData = snapshot.getMetaData().getData();
        Object payload = snapshot.getPayload().getData();
        if (!(metaData instanceof String metaText) || !(payload instanceof String payloadText)) {
            return "not stored as text";
        }
        JsonNode meta;
        try {
            meta = json.readTree(metaText);
        } catch (RuntimeException e) {
            return "unreadable metadata";
        }
        String covered = meta.path(COVERED_EVENT_HASH).asString(null);
        String signature = meta.path(SIGNATURE).asString(null);
        if (covered == null || signature == null) {
            return "not bound to the chain";
        }
        if (!covered.equals(storedCoveredHash)) {
            return "covers an event the store does not hold";
        }
        if (!signatureValid(
                canonical(snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber(), covered, payloadText),
                signature)) {
            return "signature does not verify";
        }
        return null;
    }

    /**
     * The signature checked once per snapshot: an item's snapshot is loaded with every command on
     * it, and Ed25519 verification was a large part of the command side's CPU under load
     * (docs/benchmark-results.md, change 4). What is remembered is the SHA-256 of exactly what was verified, the
     * canonical form and the signature, so an edited snapshot (another digest) is verified afresh.
     */
    private boolean signatureValid(String canonical, String signature) {
        String digest;
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(canonical.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            digest = HexFormat.of().formatHex(sha256.digest(signature.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (verified.getIfPresent(digest) != null) {
            return true;
        }
        boolean valid = seals.signatureValid(canonical, signature);
        if (valid) {
            verified.put(digest, Boolean.TRUE);
        }
        return valid;
    }

    private String coveredHash(Connection connection, String aggregateId, long sequence) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT hash FROM " + events + " WHERE aggregate_identifier = ? AND sequence_number = ?")) {
            query.setString(1, aggregateId);
            query.setLong(2, sequence);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("no event " + aggregateId + " #" + sequence + " to bind its snapshot to");
                }
                return row.getString(1);
            }
        }
    }
}
