package io.tally.axon.audit;

import io.tally.formats.audit.LogMerkleTree;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sealing: one run closes the settled events no seal covers yet, after checking the witness and
 * every event of the range, in one transaction on the sealer role's connection, then witnesses the
 * new seal. {@link Seals} describes the rules; the schedule that calls it is command-side's.
 */
final class Sealer {

    private static final Logger log = LoggerFactory.getLogger(Sealer.class);

    private record Outcome(Optional<Seal> seal, Optional<SealStore.Refusal> refusal) {}

    /** The events of a range checked, up to the first that fails ({@code through}: the last good one). */
    private record Checked(LogMerkleTree tree, long through, Optional<SealStore.Refusal> refusal) {}

    private final DataSource sealer;
    private final String eventSchema;
    private final SealStore store;
    private final SealKeys keys;
    private final SealWitness witness;
    private final EventMac mac;

    Sealer(DataSource sealer, String eventSchema, SealStore store, SealKeys keys, SealWitness witness, EventMac mac) {
        this.sealer = sealer;
        this.eventSchema = eventSchema;
        this.store = store;
        this.keys = keys;
        this.witness = witness;
        this.mac = mac;
    }

    boolean canSeal() {
        return keys.canSign() && mac != null;
    }

    Optional<Seal> sealNow(Duration settleDelay) {
        if (!canSeal()) {
            return Optional.empty();
        }
        Outcome outcome;
        try (Connection db = sealer.getConnection()) {
            boolean autoCommit = db.getAutoCommit();
            db.setAutoCommit(false);
            try {
                outcome = seal(db, settleDelay);
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException("sealing failed", e);
            } finally {
                db.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("sealing failed", e);
        }
        // after the commit: a crash in between leaves the witness one seal behind, never ahead
        outcome.seal().ifPresent(witness::witness);
        outcome.refusal().ifPresent(refusal -> {
            throw new SealRefused(
                    refusal.reason(),
                    refusal.globalIndex(),
                    "event " + refusal.eventId()
                            + " was not appended by this service (or was changed since); it and every event after it stay"
                            + " unsealed until it is dealt with (docs/audit.md, \"When the sealer refuses\")");
        });
        return outcome.seal();
    }

    /**
     * The database's newest seal must be the witness's newest line. One seal ahead, signed by this
     * key and linked to that line, is a crash between the seal's commit and its witness line: it is
     * witnessed now. Anything else (seals deleted and the range sealed again, a seal the key never
     * signed, a witness gone while seals exist) stops sealing: signing on would witness the forgery.
     */
    private void checkWitness(Optional<Seal> last) {
        SealWitness.Witnessed witnessed = witness.read();
        if (!witnessed.available() || !witnessed.present() && last.isPresent()) {
            throw new SealRefused(
                    "witness-unavailable",
                    null,
                    "the seal witness cannot be read, or is gone while" + " the database holds "
                            + last.map(Seal::number).orElse(0L) + " seals");
        }
        Optional<SealWitness.Anchor> newest = witnessed.newest();
        if (last.isEmpty()) {
            if (newest.isPresent()) {
                throw new SealRefused(
                        "witness-disagrees",
                        null,
                        "the witness holds seal " + newest.get().number() + " and the database none");
            }
            return;
        }
        Seal held = last.get();
        if (newest.isPresent()
                && newest.get().number() == held.number()
                && newest.get().sealHash().equals(held.sealHash())) {
            return;
        }
        boolean next = newest.map(anchor -> anchor.number() + 1 == held.number()
                        && anchor.sealHash().equals(held.previousSealHash()))
                .orElse(held.number() == 1);
        if (next && held.hashMatches() && keys.valid(held.canonical(), held.signature())) {
            log.warn("seal {} was committed but not witnessed (a crash in between): witnessing it now", held.number());
            witness.witness(held);
            return;
        }
        throw new SealRefused(
                "witness-disagrees",
                null,
                "the database's newest seal is " + held.number() + ":" + held.sealHash() + ", the witness's "
                        + newest.map(SealWitness.Anchor::toString).orElse("none"));
    }

    private Outcome seal(Connection db, Duration settleDelay) throws SQLException {
        if (!store.tryLock(db)) {
            return new Outcome(Optional.empty(), Optional.empty()); // another instance is sealing right now
        }
        Optional<Seal> last = store.last(db);
        checkWitness(last);
        long after = last.map(Seal::toGlobalIndex).orElse(0L);
        long to = store.settledThrough(db, after, settleDelay.toMillis() / 1000.0);
        if (to <= after) {
            return new Outcome(Optional.empty(), Optional.empty());
        }
        Checked checked = checkEvents(db, after, to);
        Optional<SealStore.Refusal> refusal = checked.refusal();
        if (refusal.isPresent()) {
            store.recordRefusal(db, refusal.get());
            log.error(
                    "sealing refused: {} at global index {} (event {}): the range ({}, {}] is sealed up to before it,"
                            + " nothing after it is",
                    refusal.get().reason(),
                    refusal.get().globalIndex(),
                    refusal.get().eventId(),
                    after,
                    to);
            to = checked.through();
            if (to <= after) {
                return new Outcome(Optional.empty(), refusal);
            }
        }
        long number = last.map(s -> s.number() + 1).orElse(1L);
        String previous = last.map(Seal::sealHash).orElse(null);
        String sealedAt = Instant.now().toString();
        String root = checked.tree().root();
        long count = checked.tree().count();
        String canonical = Seal.canonical(Seal.VERSION, number, after, to, count, root, previous, sealedAt);
        String signature = keys.sign(canonical);
        Seal seal = new Seal(
                number,
                after,
                to,
                count,
                root,
                previous,
                sealedAt,
                signature,
                Seal.hash(canonical, signature),
                Seal.VERSION);
        store.insert(db, seal);
        log.info("sealed events ({}, {}] as seal {} ({} events)", after, to, number, count);
        return new Outcome(Optional.of(seal), refusal);
    }

    /**
     * Streams the range's events: each one's hash recomputed from its fields (v2 with a MAC, v1
     * without) and its MAC checked; an event without a MAC is taken only at or below the store's
     * {@code unauthenticated_through} (appended before MACs existed).
     */
    private Checked checkEvents(Connection db, long after, long to) throws SQLException {
        EventAuthentication authentication = EventAuthentication.of(mac, db, eventSchema);
        LogMerkleTree tree = new LogMerkleTree();
        long through = after;
        try (PreparedStatement query = store.events(db, after, to);
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                long globalIndex = rows.getLong("global_index");
                String reason = authentication.refusal(rows);
                if (reason != null) {
                    return new Checked(
                            tree,
                            through,
                            Optional.of(
                                    new SealStore.Refusal(globalIndex, rows.getString("event_identifier"), reason)));
                }
                tree.add(globalIndex, rows.getString("hash"));
                through = globalIndex;
            }
        }
        return new Checked(tree, to, Optional.empty());
    }
}
