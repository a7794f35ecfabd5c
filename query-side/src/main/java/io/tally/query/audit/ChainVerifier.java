package io.tally.query.audit;

import io.tally.axon.audit.BrokenSeal;
import io.tally.axon.audit.EventHashes;
import io.tally.axon.audit.SealWitness;
import io.tally.axon.audit.Seals;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Recomputes the hash chain of one aggregate or of the whole log, straight from the event store,
 * through {@link AuditLog#cursor} (flat memory). A chain is broken where an event's hash does not match its
 * stored fields (an edit, a swap), where its previous hash is not its predecessor's hash, or where
 * a sequence number is missing (a deletion). A stream deleted whole, or cut at its end, leaves no
 * broken chain: the seal over it no longer matches ({@link Seals}).
 * <p>
 * A row with a MAC is checked against its {@code tally-event-v2} hash; a row without one is
 * {@code event-unauthenticated} above the store's {@code unauthenticated_through} (nothing this
 * release appends lacks one). The MAC itself needs the key query-side never holds: the sealer checks
 * it, and its refusals ({@code seal_refusal}) fail {@link Seals#verify} here.
 */
@Component
class ChainVerifier {

    /**
     * Where the log breaks first (lowest global index). For a chain: the aggregate and the sequence
     * expected there; for a seal: its number, and the first global index it covers.
     */
    record Break(
            long globalIndex,
            @Nullable String aggregateType,
            @Nullable String aggregateId,
            @Nullable Long sequence,
            @Nullable Long seal,
            String reason) {}

    /** @param anchor the witnessed seal the whole log was checked against ({@code N:HASH}), if any */
    record Verification(
            boolean verified,
            long eventsChecked,
            @Nullable Long sealsChecked,
            @Nullable Break firstBrokenAt,
            @Nullable String anchor) {}

    private final AuditLog log;
    private final org.springframework.beans.factory.ObjectProvider<Seals> sealsProvider;

    /** No {@link Seals} with Axon Server, where the audit API is refused ({@code AxonServerRefusals}). */
    private final AuditReads reads;

    ChainVerifier(AuditLog log, org.springframework.beans.factory.ObjectProvider<Seals> seals, AuditReads reads) {
        this.log = log;
        this.reads = reads;
        this.sealsProvider = seals;
    }

    /** The whole log: every chain, then every seal, against the anchor given, else every line of the witness. */
    Verification verifyAll(Optional<SealWitness.Anchor> given) {
        return verifyAll(given, checked -> {});
    }

    /** {@link #verifyAll(Optional)}, telling {@code progress} how many events it has checked every 1,000. */
    Verification verifyAll(Optional<SealWitness.Anchor> given, LongConsumer progress) {
        Seals seals = sealsProvider.getObject();
        Optional<SealWitness.Anchor> anchor = given.isPresent() ? given : seals.witnessed();
        Verification chains = verify(null, null, progress);
        Optional<BrokenSeal> seal = seals.verify(given); // none given: every line of the witness
        Break first = chains.firstBrokenAt();
        if (seal.isPresent()) {
            long from = seal.get().seal().afterGlobalIndex() + 1;
            if (first == null || from < first.globalIndex()) {
                long number = seal.get().seal().number();
                first = new Break(
                        from,
                        null,
                        null,
                        null,
                        number > 0 ? number : null,
                        seal.get().reason());
            }
        }
        if (first == null) {
            // the record of who read the audit log, chained like the events (globalIndex 0: not an event)
            first = reads.firstBroken()
                    .map(id -> new Break(0, null, null, null, null, "audit-read-altered"))
                    .orElse(null);
        }
        return new Verification(
                first == null,
                chains.eventsChecked(),
                seals.count(),
                first,
                anchor.map(SealWitness.Anchor::toString).orElse(null));
    }

    Verification verify(String storedType, String aggregateId) {
        return verify(storedType, aggregateId, checked -> {});
    }

    private Verification verify(String storedType, String aggregateId, LongConsumer progress) {
        long legacyThrough = log.unauthenticatedThrough();
        String sql = "SELECT global_index, event_identifier, type, aggregate_identifier, sequence_number, payload_type,"
                + " payload_revision, time_stamp, payload, meta_data, hash, previous_hash, mac FROM " + log.table()
                + (aggregateId == null ? "" : " WHERE aggregate_identifier = ? AND type = ?")
                + " ORDER BY aggregate_identifier, sequence_number";
        return log.cursor(
                sql,
                aggregateId == null ? List.of() : List.of(aggregateId, storedType),
                rows -> walk(rows, legacyThrough, progress));
    }

    private static Verification walk(ResultSet rows, long legacyThrough, LongConsumer progress) throws SQLException {
        long checked = 0;
        Break first = null;
        String aggregate = null;
        long expectedSequence = 0;
        String previousHash = null;
        while (rows.next()) {
            if (++checked % 1000 == 0) {
                progress.accept(checked);
            }
            long globalIndex = rows.getLong("global_index");
            String aggregateId = rows.getString("aggregate_identifier");
            String type = rows.getString("type");
            long sequence = rows.getLong("sequence_number");
            if (!aggregateId.equals(aggregate)) {
                aggregate = aggregateId;
                expectedSequence = 0;
                previousHash = null;
            }
            String stored = rows.getString("hash");
            String storedPrevious = rows.getString("previous_hash");
            boolean authenticated = rows.getString("mac") != null;
            String reason = null;
            if (sequence != expectedSequence) {
                reason = "missing-event";
            } else if (!equal(storedPrevious, previousHash)) {
                reason = "chain-link-broken";
            } else if (!EventHashes.hashOf(
                            authenticated,
                            rows.getString("event_identifier"),
                            type,
                            aggregateId,
                            sequence,
                            rows.getString("payload_type"),
                            rows.getString("payload_revision"),
                            rows.getString("time_stamp"),
                            rows.getString("payload"),
                            rows.getString("meta_data"),
                            storedPrevious)
                    .equals(stored)) {
                reason = "event-altered";
            } else if (!authenticated && globalIndex > legacyThrough) {
                reason = "event-unauthenticated";
            }
            if (reason != null && (first == null || globalIndex < first.globalIndex())) {
                first = new Break(globalIndex, AuditLog.auditType(type), aggregateId, expectedSequence, null, reason);
            }
            previousHash = stored;
            expectedSequence = sequence + 1;
        }
        progress.accept(checked);
        return new Verification(first == null, checked, null, first, null);
    }

    private static boolean equal(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
