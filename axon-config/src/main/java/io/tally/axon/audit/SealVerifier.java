package io.tally.axon.audit;

import io.tally.formats.audit.LogMerkleTree;
import io.tally.formats.audit.PairwiseMerkleRoot;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verification: every seal against the events it covers, the seal before it, its signature and what
 * was witnessed outside the database, and no refusal of the sealer standing after the last seal.
 */
final class SealVerifier {

    private final SealStore store;
    private final SealKeys keys;
    private final SealWitness witness;

    SealVerifier(SealStore store, SealKeys keys, SealWitness witness) {
        this.store = store;
        this.keys = keys;
        this.witness = witness;
    }

    /** {@link Seals#verify(Optional)}. */
    Optional<BrokenSeal> verify(Optional<SealWitness.Anchor> anchor) {
        List<Seal> all = store.all();
        Optional<BrokenSeal> broken = verifyStored(all);
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
                return Optional.of(new BrokenSeal(first(all), "witness-unavailable"));
            }
            expected = witnessed.anchors();
        }
        Map<Long, String> stored = new HashMap<>();
        Map<Long, Seal> byNumber = new HashMap<>();
        for (Seal seal : all) {
            stored.put(seal.number(), seal.sealHash());
            byNumber.put(seal.number(), seal);
        }
        return SealWitness.check(expected, stored)
                .map(problem -> {
                    Seal held = byNumber.get(problem.anchor().number());
                    return new BrokenSeal(
                            held != null
                                    ? held
                                    : Seal.placeholder(
                                            problem.anchor().number(),
                                            after,
                                            after,
                                            problem.anchor().sealHash()),
                            problem.reason());
                })
                .or(() -> refusedAfter(after));
    }

    private Optional<BrokenSeal> verifyStored(List<Seal> all) {
        if (!keys.canVerify()) {
            return Optional.of(new BrokenSeal(first(all), "seal-public-key-missing"));
        }
        try (Connection db = store.connection()) {
            String previous = null;
            long expectedNumber = 1;
            for (Seal seal : all) {
                if (seal.number() != expectedNumber) {
                    return Optional.of(new BrokenSeal(seal, "seal-missing"));
                }
                if (!Objects.equals(seal.previousSealHash(), previous) || !seal.hashMatches()) {
                    return Optional.of(new BrokenSeal(seal, "seal-chain-broken"));
                }
                if (!keys.valid(seal.canonical(), seal.signature())) {
                    return Optional.of(new BrokenSeal(seal, "seal-signature-invalid"));
                }
                if (!rangeMatches(db, seal)) {
                    return Optional.of(new BrokenSeal(seal, "sealed-events-changed"));
                }
                previous = seal.sealHash();
                expectedNumber++;
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("reading the seals failed", e);
        }
    }

    /** Whether a seal's count and root still match the events of its range, by the rule of its version. */
    private boolean rangeMatches(Connection db, Seal seal) throws SQLException {
        if (seal.version() == 1) {
            List<String> hashes = store.hashes(db, seal.afterGlobalIndex(), seal.toGlobalIndex());
            return hashes.size() == seal.eventCount()
                    && PairwiseMerkleRoot.of(hashes).equals(seal.merkleRoot());
        }
        LogMerkleTree tree = store.tree(db, seal.afterGlobalIndex(), seal.toGlobalIndex());
        return tree.count() == seal.eventCount() && tree.root().equals(seal.merkleRoot());
    }

    /**
     * The lowest event the sealer refused that no seal covers (after the newest seal's range): its
     * refusal stands until it is dealt with; one later sealed (a change put back) is history in
     * {@code seal_refusal}, no longer a break.
     */
    private Optional<BrokenSeal> refusedAfter(long sealedThrough) {
        return store.refusalAfter(sealedThrough)
                .map(refusal -> new BrokenSeal(
                        Seal.placeholder(0, refusal.globalIndex() - 1, refusal.globalIndex(), null), refusal.reason()));
    }

    private static Seal first(List<Seal> all) {
        return all.isEmpty() ? Seal.placeholder(0, -1, -1, null) : all.get(0);
    }
}
