package io.tally.axon.audit;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.core.io.Resource;

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
 * <p>
 * This class is the seals' one door; the work is in its parts: {@link SealKeys} (signing),
 * {@link Sealer} (a seal run), {@link SealStore} (the tables), {@link SealVerifier} (verification),
 * and command-side's {@code SealSchedule} (when runs happen).
 */
public final class Seals {

    private final SealStore store;
    private final SealKeys keys;
    private final Sealer sealer;
    private final SealVerifier verifier;
    private final SealWitness witness;
    private final Duration settle;

    /**
     * @param mac    the append key, to check every event before sealing it (none: this service cannot seal)
     * @param sealer where seals are written: the sealer role's connection (the command role may not
     *               insert seals); null: {@code dataSource}
     */
    Seals(
            DataSource dataSource,
            String eventSchema,
            Resource privateKey,
            Resource publicKey,
            Duration settle,
            SealWitness witness,
            EventMac mac,
            DataSource sealer) {
        this.store = new SealStore(dataSource, eventSchema);
        this.keys = new SealKeys(privateKey, publicKey);
        this.sealer = new Sealer(sealer == null ? dataSource : sealer, eventSchema, store, keys, witness, mac);
        this.verifier = new SealVerifier(store, keys, witness);
        this.witness = witness;
        this.settle = settle;
    }

    /** Whether this service holds what sealing needs: the seal signing key and the event MAC key. */
    public boolean canSeal() {
        return sealer.canSeal();
    }

    public boolean canVerifySignatures() {
        return keys.canVerify();
    }

    /** Seals every event older than the settle delay that no seal covers yet; empty when there were none. */
    public Optional<Seal> sealNow() {
        return sealNow(settle);
    }

    /**
     * As {@link #sealNow()} with another settle delay.
     *
     * @throws SealRefused when an event of the range, or the witness, stops the run
     */
    public Optional<Seal> sealNow(Duration settleDelay) {
        return sealer.sealNow(settleDelay);
    }

    /**
     * Checks every seal against the events it covers, the seal before it and its signature. Without
     * the public key no signature can be checked, and the log is reported broken at its first seal
     * ({@code seal-public-key-missing}) rather than verified with the signatures skipped.
     */
    public Optional<BrokenSeal> verify() {
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
    public Optional<BrokenSeal> verify(Optional<SealWitness.Anchor> anchor) {
        return verifier.verify(anchor);
    }

    /** The newest seal the witness holds, if there is a witness and it holds one. */
    public Optional<SealWitness.Anchor> witnessed() {
        return witness.newest();
    }

    /** The newest {@code limit} seals, newest first. */
    public List<Seal> newest(int limit) {
        return store.newest(limit);
    }

    public long count() {
        return store.count();
    }

    /** An Ed25519 signature by the seal key over {@code canonical}, base64; fails without the key. */
    public String sign(String canonical) {
        return keys.sign(canonical);
    }

    /** Whether {@code signature} is the seal key's over {@code canonical}; never without the public key. */
    public boolean signatureValid(String canonical, String signature) {
        return keys.valid(canonical, signature);
    }
}
