package io.tally.axon.audit;

import java.util.Optional;

/**
 * Somewhere outside PostgreSQL that remembers every seal's number and hash, so that whoever can
 * rewrite the database (and so delete the newest seals, rewrite their events and let the next seal
 * run sign the forgery) is caught against what was witnessed. The default is an append-only file;
 * write-once object storage or a timestamping service plug in here.
 */
public interface SealWitness {

    /** Remembers a seal once it is committed; it must be durable when this returns. */
    void witness(Seals.Seal seal);

    /** The newest seal witnessed, if any. */
    Optional<Anchor> newest();

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
