package io.tally.axon.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Somewhere outside PostgreSQL that remembers every seal's number and hash, so that whoever can
 * rewrite the database (and so delete the newest seals, rewrite their events and let the next seal
 * run sign the forgery) is caught against what was witnessed. The default is an append-only file;
 * write-once object storage or a timestamping service plug in here.
 */
public interface SealWitness {

    /** Remembers a seal once it is committed; it must be durable when this returns. */
    void witness(Seal seal);

    /** The newest seal witnessed, if any. */
    default Optional<Anchor> newest() {
        return read().newest();
    }

    /** Every line the witness holds, in the order written, and whether it could be read at all. */
    Witnessed read();

    /**
     * What a witness holds: {@code available} is false when it is configured but could not be read
     * ({@code witness-unavailable}); {@code present} false when it does not exist (yet).
     */
    record Witnessed(boolean available, boolean present, List<Anchor> anchors) {

        public Optional<Anchor> newest() {
            Anchor newest = null;
            for (Anchor anchor : anchors) {
                if (newest == null || anchor.number() > newest.number()) {
                    newest = anchor;
                }
            }
            return Optional.ofNullable(newest);
        }
    }

    /**
     * Checks every witnessed line against the stored seals, not only the newest: a number witnessed
     * with two hashes is {@code witness-conflict} (the range was sealed again and witnessed again),
     * a witnessed seal that is gone {@code seal-missing}, one stored with another hash
     * {@code seal-chain-broken}. Answers the lowest-numbered problem, with the witnessed number and
     * hash, or empty when every line agrees.
     */
    static Optional<Problem> check(List<Anchor> witnessed, Map<Long, String> storedHashes) {
        Map<Long, String> first = new HashMap<>();
        Problem found = null;
        for (Anchor anchor : witnessed) {
            String earlier = first.putIfAbsent(anchor.number(), anchor.sealHash());
            String reason = earlier != null && !earlier.equals(anchor.sealHash())
                    ? "witness-conflict"
                    : !storedHashes.containsKey(anchor.number())
                            ? "seal-missing"
                            : !storedHashes.get(anchor.number()).equals(anchor.sealHash()) ? "seal-chain-broken" : null;
            if (reason != null
                    && (found == null || anchor.number() < found.anchor().number())) {
                found = new Problem(anchor, reason);
            }
        }
        return Optional.ofNullable(found);
    }

    /** A witnessed seal the stored seals disagree with, and why. */
    record Problem(Anchor anchor, String reason) {}

    /** A seal's number and hash as the witness holds them: {@code N:HASH} on the command line. */
    record Anchor(long number, String sealHash) {

        public static Anchor parse(String text) {
            int colon = text == null ? -1 : text.indexOf(':');
            if (colon <= 0 || !text.substring(colon + 1).matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("an anchor is N:HASH, the seal's number and its 64 hex digits");
            }
            try {
                return new Anchor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("an anchor is N:HASH, the seal's number and its 64 hex digits");
            }
        }

        @Override
        public String toString() {
            return number + ":" + sealHash;
        }
    }
}
