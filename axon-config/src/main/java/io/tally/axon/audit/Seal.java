package io.tally.axon.audit;

/**
 * One seal as stored: the range {@code (afterGlobalIndex, toGlobalIndex]}, its event count and Merkle
 * root, the previous seal's hash, when it was made, the Ed25519 signature over {@link #canonical()},
 * and {@code sealHash}, the SHA-256 of the canonical form, the signature and a line feed.
 * {@code version} 1 is {@code tally-seal-v1} (pairwise root), 2 {@code tally-seal-v2} (RFC 6962 root
 * over global index and hash); {@link Seals} says more.
 */
public record Seal(
        long number,
        long afterGlobalIndex,
        long toGlobalIndex,
        long eventCount,
        String merkleRoot,
        String previousSealHash,
        String sealedAt,
        String signature,
        String sealHash,
        int version) {

    /** The seal version this release writes. */
    public static final int VERSION = 2;

    /** What the signature covers. */
    public String canonical() {
        return canonical(
                version, number, afterGlobalIndex, toGlobalIndex, eventCount, merkleRoot, previousSealHash, sealedAt);
    }

    /** Whether {@code sealHash} is the hash of this seal's canonical form and signature. */
    boolean hashMatches() {
        return hash(canonical(), signature).equals(sealHash);
    }

    /** The canonical form of a seal of {@code version}: eight lines, each ending in a line feed. */
    public static String canonical(
            int version, long number, long after, long to, long count, String root, String previous, String sealedAt) {
        return "tally-seal-v" + version + "\n" + number + "\n" + after + "\n" + to + "\n" + count + "\n" + root + "\n"
                + (previous == null ? "" : previous) + "\n" + sealedAt + "\n";
    }

    static String hash(String canonical, String signature) {
        return EventHashes.sha256(canonical + signature + "\n");
    }

    /** A stand-in where a break has no stored seal to name (none yet, or one the witness holds but the database lost). */
    static Seal placeholder(long number, long after, long to, String sealHash) {
        return new Seal(number, after, to, 0, null, null, null, null, sealHash, VERSION);
    }
}
