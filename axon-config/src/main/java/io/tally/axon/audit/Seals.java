package io.tally.axon.audit;

import io.tally.formats.audit.LogMerkleTree;
import io.tally.formats.audit.PairwiseMerkleRoot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Seals close ranges of the global log. A seal holds the range, the number of events in it, the
 * Merkle root of their hashes (in global-index order; a pair's parent is the SHA-256 of the two
 * hex hashes concatenated, an odd last node moves up unchanged), the hash of the seal before it,
 * when it was made, and an Ed25519 signature over its canonical form:
 * <pre>
 * tally-seal-v1
 * seal number
 * after global index   (exclusive)
 * to global index      (inclusive)
 * event count
 * merkle root
 * previous seal hash   (empty for the first)
 * sealed at            (ISO-8601)
 * </pre>
 * each line ending in a line feed; {@code seal_hash} is the SHA-256 of that form followed by the
 * base64 signature and a line feed. Only events older than {@code settle} are sealed, so an append
 * still in flight cannot land inside a range already closed.
 * <p>
 * Seals made from this release on are {@code tally-seal-v2} (the same lines under that first line):
 * their root is RFC 6962's tree hash over (global index, event hash) leaves ({@link LogMerkleTree}),
 * so an event renumbered inside a sealed range changes it. Before signing, the sealer checks every
 * event of the range: its hash recomputed from its fields and its {@link EventMac}; the first event
 * that fails is not sealed (the range stops before it), is recorded in {@code seal_refusal}, and the
 * run ends in {@link SealRefused}. It also refuses while the database's newest seal is not the
 * witness's newest line (one seal ahead, validly signed and linked, is a crash between commit and
 * witness and is caught up), so a re-sealed range is never witnessed.
 */
public final class Seals {

    private static final Logger log = LoggerFactory.getLogger(Seals.class);

    /** One seal as stored; {@code version} 1 is {@code tally-seal-v1}, 2 {@code tally-seal-v2}. */
    public record Seal(long number, long afterGlobalIndex, long toGlobalIndex, long eventCount, String merkleRoot,
                       String previousSealHash, String sealedAt, String signature, String sealHash, int version) {

        /** What the signature covers. */
        public String canonical() {
            return Seals.canonical(version, number, afterGlobalIndex, toGlobalIndex, eventCount, merkleRoot,
                    previousSealHash, sealedAt);
        }
    }

    /** The seal version this release writes. */
    public static final int VERSION = 2;

    /**
     * A seal run that stopped instead of signing: {@code reason} {@code event-unauthenticated} (no
     * MAC, or one this key did not make), {@code event-altered} (the hash does not match the fields)
     * at {@code globalIndex}; or, for the run as a whole ({@code globalIndex} null),
     * {@code witness-unavailable} or {@code witness-disagrees}.
     */
    public static final class SealRefused extends RuntimeException {

        private final String reason;
        private final Long globalIndex;

        SealRefused(String reason, Long globalIndex, String detail) {
            super("sealing refused: " + reason + (globalIndex == null ? "" : " at global index " + globalIndex)
                    + ": " + detail);
            this.reason = reason;
            this.globalIndex = globalIndex;
        }

        public String reason() {
            return reason;
        }

        public Long globalIndex() {
            return globalIndex;
        }
    }

    private record Refusal(long globalIndex, String eventId, String reason) {
    }

    private record Outcome(Optional<Seal> seal, Optional<Refusal> refusal) {
    }

    /** The first seal that no longer matches its events, its predecessor or its signature. */
    public record Broken(Seal seal, String reason) {
    }

    private final DataSource dataSource;
    private final String events;
    private final String seals;
    private final PrivateKey signingKey;
    private final PublicKey verifyingKey;
    private final Duration settle;
    private final SealWitness witness;
    private final EventMac mac;
    private final DataSource sealer;
    private final String refusals;
    private final String eventSchema;

    /**
     * @param mac    the append key, to check every event before sealing it (none: this service cannot seal)
     * @param sealer where seals are written: the sealer role's connection (the command role may not
     *               insert seals); null: {@code dataSource}
     */
    Seals(DataSource dataSource, String eventSchema, Resource privateKey, Resource publicKey, Duration settle,
          SealWitness witness, EventMac mac, DataSource sealer) {
        this.witness = witness;
        this.mac = mac;
        this.sealer = sealer == null ? dataSource : sealer;
        this.refusals = eventSchema + ".seal_refusal";
        this.eventSchema = eventSchema;
        this.dataSource = dataSource;
        this.events = eventSchema + ".domain_event_entry";
        this.seals = eventSchema + ".seal";
        this.signingKey = read(privateKey, true).map(PrivateKey.class::cast).orElse(null);
        this.verifyingKey = read(publicKey, false).map(PublicKey.class::cast).orElse(null);
        this.settle = settle;
    }

    /** Whether this service holds what sealing needs: the seal signing key and the event MAC key. */
    public boolean canSeal() {
        return signingKey != null && mac != null;
    }

    public boolean canVerifySignatures() {
        return verifyingKey != null;
    }

    /** Seals every event older than the settle delay that no seal covers yet; empty when there were none. */
    public Optional<Seal> sealNow() {
        return sealNow(settle);
    }

    public Optional<Seal> sealNow(Duration settleDelay) {
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
            } catch (SQLException | GeneralSecurityException | RuntimeException e) {
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
            throw new SealRefused(refusal.reason(), refusal.globalIndex(), "event " + refusal.eventId()
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
            throw new SealRefused("witness-unavailable", null, "the seal witness cannot be read, or is gone while"
                    + " the database holds " + last.map(Seal::number).orElse(0L) + " seals");
        }
        Optional<SealWitness.Anchor> newest = witnessed.newest();
        if (last.isEmpty()) {
            if (newest.isPresent()) {
                throw new SealRefused("witness-disagrees", null, "the witness holds seal " + newest.get().number()
                        + " and the database none");
            }
            return;
        }
        Seal held = last.get();
        if (newest.isPresent() && newest.get().number() == held.number()
                && newest.get().sealHash().equals(held.sealHash())) {
            return;
        }
        boolean next = newest.map(anchor -> anchor.number() + 1 == held.number()
                && anchor.sealHash().equals(held.previousSealHash())).orElse(held.number() == 1);
        if (next && EventHashes.sha256(held.canonical() + held.signature() + "\n").equals(held.sealHash())
                && checkSignature(held.canonical(), held.signature())) {
            log.warn("seal {} was committed but not witnessed (a crash in between): witnessing it now", held.number());
            witness.witness(held);
            return;
        }
        throw new SealRefused("witness-disagrees", null, "the database's newest seal is " + held.number() + ":"
                + held.sealHash() + ", the witness's " + newest.map(SealWitness.Anchor::toString).orElse("none"));
    }

    private Outcome seal(Connection db, Duration settleDelay) throws SQLException, GeneralSecurityException {
        try (PreparedStatement lock = db.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, seals);
            try (ResultSet row = lock.executeQuery()) {
                if (!row.next() || !row.getBoolean(1)) {
                    return new Outcome(Optional.empty(), Optional.empty()); // another instance is sealing right now
                }
            }
        }
        Optional<Seal> last = last(db);
        checkWitness(last);
        long after = last.map(Seal::toGlobalIndex).orElse(0L);
        long to;
        try (PreparedStatement query = db.prepareStatement("SELECT coalesce(max(global_index), -1) FROM " + events
                + " WHERE global_index > ? AND time_stamp::timestamptz < now() - make_interval(secs => ?)")) {
            query.setLong(1, after);
            query.setDouble(2, settleDelay.toMillis() / 1000.0);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                to = row.getLong(1);
            }
        }
        if (to <= after) {
            return new Outcome(Optional.empty(), Optional.empty());
        }
        Checked checked = checkEvents(db, after, to);
        Optional<Refusal> refusal = checked.refusal();
        if (refusal.isPresent()) {
            recordRefusal(db, refusal.get());
            log.error("sealing refused: {} at global index {} (event {}): the range ({}, {}] is sealed up to before it,"
                    + " nothing after it is", refusal.get().reason(), refusal.get().globalIndex(),
                    refusal.get().eventId(), after, to);
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
        String canonical = canonical(VERSION, number, after, to, count, root, previous, sealedAt);
        String signature = sign(canonical);
        Seal seal = new Seal(number, after, to, count, root, previous, sealedAt, signature,
                EventHashes.sha256(canonical + signature + "\n"), VERSION);
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO " + seals + " (seal_number, after_global_index,"
                + " to_global_index, event_count, merkle_root, previous_seal_hash, sealed_at, signature, seal_hash,"
                + " version) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            insert.setLong(1, seal.number());
            insert.setLong(2, seal.afterGlobalIndex());
            insert.setLong(3, seal.toGlobalIndex());
            insert.setLong(4, seal.eventCount());
            insert.setString(5, seal.merkleRoot());
            insert.setString(6, seal.previousSealHash());
            insert.setString(7, seal.sealedAt());
            insert.setString(8, seal.signature());
            insert.setString(9, seal.sealHash());
            insert.setInt(10, seal.version());
            insert.executeUpdate();
        }
        log.info("sealed events ({}, {}] as seal {} ({} events)", after, to, number, count);
        return new Outcome(Optional.of(seal), refusal);
    }

    /** The events of a range checked, up to the first that fails ({@code through}: the last good one). */
    private record Checked(LogMerkleTree tree, long through, Optional<Refusal> refusal) {
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
        try (PreparedStatement query = db.prepareStatement("SELECT " + EventAuthentication.COLUMNS + " FROM " + events
                + " WHERE global_index > ? AND global_index <= ? ORDER BY global_index")) {
            query.setFetchSize(1000);
            query.setLong(1, after);
            query.setLong(2, to);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long globalIndex = rows.getLong("global_index");
                    String reason = authentication.refusal(rows);
                    if (reason != null) {
                        return new Checked(tree, through, Optional.of(new Refusal(globalIndex,
                                rows.getString("event_identifier"), reason)));
                    }
                    tree.add(globalIndex, rows.getString("hash"));
                    through = globalIndex;
                }
            }
        }
        return new Checked(tree, to, Optional.empty());
    }

    private void recordRefusal(Connection db, Refusal refusal) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO " + refusals + " (global_index,"
                + " event_identifier, reason, refused_at) VALUES (?,?,?,?) ON CONFLICT (global_index) DO NOTHING")) {
            insert.setLong(1, refusal.globalIndex());
            insert.setString(2, refusal.eventId());
            insert.setString(3, refusal.reason());
            insert.setString(4, Instant.now().toString());
            insert.executeUpdate();
        }
    }

    /**
     * Checks every seal against the events it covers, the seal before it and its signature. Without
     * the public key no signature can be checked, and the log is reported broken at its first seal
     * ({@code seal-public-key-missing}) rather than verified with the signatures skipped.
     */
    public Optional<Broken> verify() {
        return verify(Optional.empty());
    }

    /**
     * As {@link #verify()}, and the seals must agree with what was witnessed outside the database:
     * with an anchor an auditor brings, with that seal (gone: {@code seal-missing}; another hash,
     * the range sealed again: {@code seal-chain-broken}); without one, with every line of this
     * service's witness ({@link SealWitness#check}: also {@code witness-conflict} where one number
     * was witnessed with two hashes). A witness that cannot be read, or is gone while seals exist,
     * is {@code witness-unavailable}: nothing outside the database vouches for the seals then.
     */
    public Optional<Broken> verify(Optional<SealWitness.Anchor> anchor) {
        List<Seal> all = all();
        Optional<Broken> broken = verifyStored(all);
        if (broken.isPresent()) {
            return broken;
        }
        long after = all.isEmpty() ? -1 : all.get(all.size() - 1).toGlobalIndex();
        List<SealWitness.Anchor> expected;
        if (anchor.isPresent()) {
            expected = List.of(anchor.get());
        } else {
            SealWitness.Witnessed witnessed = witness.read();
            if (!witnessed.available() || !witnessed.present() && !all.isEmpty()) {
                Seal first = all.isEmpty() ? new Seal(0, -1, -1, 0, null, null, null, null, null, VERSION) : all.get(0);
                return Optional.of(new Broken(first, "witness-unavailable"));
            }
            expected = witnessed.anchors();
        }
        java.util.Map<Long, String> stored = new java.util.HashMap<>();
        java.util.Map<Long, Seal> byNumber = new java.util.HashMap<>();
        for (Seal seal : all) {
            stored.put(seal.number(), seal.sealHash());
            byNumber.put(seal.number(), seal);
        }
        return SealWitness.check(expected, stored).map(problem -> {
            Seal held = byNumber.get(problem.anchor().number());
            return new Broken(held != null ? held : new Seal(problem.anchor().number(), after, after, 0, null, null,
                    null, null, problem.anchor().sealHash(), VERSION), problem.reason());
        }).or(() -> refusedAfter(after));
    }

    /** The newest seal the witness holds, if there is a witness and it holds one. */
    public Optional<SealWitness.Anchor> witnessed() {
        return witness.newest();
    }

    /** The newest {@code limit} seals, newest first. */
    public List<Seal> newest(int limit) {
        try (Connection db = dataSource.getConnection();
             PreparedStatement query = db.prepareStatement("SELECT * FROM " + seals
                     + " ORDER BY seal_number DESC LIMIT ?")) {
            query.setInt(1, limit);
            try (ResultSet rows = query.executeQuery()) {
                List<Seal> newest = new ArrayList<>();
                while (rows.next()) {
                    newest.add(seal(rows));
                }
                return newest;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the seals failed", e);
        }
    }

    private List<Seal> all() {
        try (Connection db = dataSource.getConnection();
             PreparedStatement query = db.prepareStatement("SELECT * FROM " + seals + " ORDER BY seal_number");
             ResultSet rows = query.executeQuery()) {
            List<Seal> all = new ArrayList<>();
            while (rows.next()) {
                all.add(seal(rows));
            }
            return all;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the seals failed", e);
        }
    }

    private Optional<Broken> verifyStored(List<Seal> all) {
        try (Connection db = dataSource.getConnection()) {
            if (verifyingKey == null) {
                Seal first = all.isEmpty() ? new Seal(0, -1, -1, 0, null, null, null, null, null, VERSION) : all.get(0);
                return Optional.of(new Broken(first, "seal-public-key-missing"));
            }
            String previous = null;
            long expectedNumber = 1;
            for (Seal seal : all) {
                String canonical = seal.canonical();
                if (seal.number() != expectedNumber) {
                    return Optional.of(new Broken(seal, "seal-missing"));
                }
                if (!java.util.Objects.equals(seal.previousSealHash(), previous)
                        || !EventHashes.sha256(canonical + seal.signature() + "\n").equals(seal.sealHash())) {
                    return Optional.of(new Broken(seal, "seal-chain-broken"));
                }
                if (!signatureValid(canonical, seal.signature())) {
                    return Optional.of(new Broken(seal, "seal-signature-invalid"));
                }
                if (!rangeMatches(db, seal)) {
                    return Optional.of(new Broken(seal, "sealed-events-changed"));
                }
                previous = seal.sealHash();
                expectedNumber++;
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("reading the seals failed", e);
        }
    }

    public long count() {
        try (Connection db = dataSource.getConnection();
             PreparedStatement query = db.prepareStatement("SELECT count(*) FROM " + seals);
             ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the seals failed", e);
        }
    }

    /** The {@code tally-seal-v1} form, which seals made before this release are checked against. */
    public static String canonical(long number, long after, long to, long count, String root, String previous,
                                   String sealedAt) {
        return canonical(1, number, after, to, count, root, previous, sealedAt);
    }

    public static String canonical(int version, long number, long after, long to, long count, String root,
                                   String previous, String sealedAt) {
        return "tally-seal-v" + version + "\n" + number + "\n" + after + "\n" + to + "\n" + count + "\n" + root + "\n"
                + (previous == null ? "" : previous) + "\n" + sealedAt + "\n";
    }

    /** An Ed25519 signature by the seal key over {@code canonical}, base64; fails without the key. */
    public String sign(String canonical) {
        if (signingKey == null) {
            throw new IllegalStateException("no seal signing key to sign with");
        }
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(signingKey);
            signer.update(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** Whether {@code signature} is the seal key's over {@code canonical}; never without the public key. */
    public boolean signatureValid(String canonical, String signature) {
        if (verifyingKey == null) {
            return false;
        }
        return checkSignature(canonical, signature);
    }

    private boolean checkSignature(String canonical, String signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(verifyingKey);
            verifier.update(canonical.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private List<String> hashes(Connection db, long after, long to) throws SQLException {
        List<String> hashes = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("SELECT hash FROM " + events
                + " WHERE global_index > ? AND global_index <= ? ORDER BY global_index")) {
            query.setLong(1, after);
            query.setLong(2, to);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    hashes.add(rows.getString(1));
                }
            }
        }
        return hashes;
    }

    /** Whether a seal's count and root still match the events of its range, by the rule of its version. */
    private boolean rangeMatches(Connection db, Seal seal) throws SQLException {
        if (seal.version() == 1) {
            List<String> hashes = hashes(db, seal.afterGlobalIndex(), seal.toGlobalIndex());
            return hashes.size() == seal.eventCount() && PairwiseMerkleRoot.of(hashes).equals(seal.merkleRoot());
        }
        LogMerkleTree tree = new LogMerkleTree();
        try (PreparedStatement query = db.prepareStatement("SELECT global_index, hash FROM " + events
                + " WHERE global_index > ? AND global_index <= ? ORDER BY global_index")) {
            query.setLong(1, seal.afterGlobalIndex());
            query.setLong(2, seal.toGlobalIndex());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    tree.add(rows.getLong(1), rows.getString(2));
                }
            }
        }
        return tree.count() == seal.eventCount() && tree.root().equals(seal.merkleRoot());
    }

    /**
     * The lowest event the sealer refused that no seal covers (after the newest seal's range): its
     * refusal stands until it is dealt with; one later sealed (a change put back) is history in
     * {@code seal_refusal}, no longer a break.
     */
    private Optional<Broken> refusedAfter(long sealedThrough) {
        try (Connection db = dataSource.getConnection();
             PreparedStatement query = db.prepareStatement("SELECT global_index, reason FROM " + refusals
                     + " WHERE global_index > ? ORDER BY global_index LIMIT 1")) {
            query.setLong(1, sealedThrough);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                long at = row.getLong(1);
                return Optional.of(new Broken(new Seal(0, at - 1, at, 0, null, null, null, null, null, VERSION),
                        row.getString(2)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the sealing refusals failed", e);
        }
    }

    private Optional<Seal> last(Connection db) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT * FROM " + seals
                + " ORDER BY seal_number DESC LIMIT 1");
             ResultSet row = query.executeQuery()) {
            return row.next() ? Optional.of(seal(row)) : Optional.empty();
        }
    }

    private static Seal seal(ResultSet row) throws SQLException {
        return new Seal(row.getLong("seal_number"), row.getLong("after_global_index"), row.getLong("to_global_index"),
                row.getLong("event_count"), row.getString("merkle_root"), row.getString("previous_seal_hash"),
                row.getString("sealed_at"), row.getString("signature"), row.getString("seal_hash"),
                row.getInt("version"));
    }

    private static Optional<Object> read(Resource location, boolean privateKey) {
        if (location == null || !location.exists()) {
            return Optional.empty();
        }
        try {
            String pem = location.getContentAsString(StandardCharsets.US_ASCII)
                                 .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(pem);
            KeyFactory keys = KeyFactory.getInstance("Ed25519");
            return Optional.of(privateKey ? keys.generatePrivate(new PKCS8EncodedKeySpec(der))
                    : keys.generatePublic(new X509EncodedKeySpec(der)));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the seal key " + location, e);
        }
    }
}
