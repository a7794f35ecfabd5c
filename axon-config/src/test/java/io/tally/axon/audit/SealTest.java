package io.tally.axon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The canonical form and hash of a seal, as docs/audit.md documents them (its Merkle trees: formats' tests). */
class SealTest {

    private static final String A = EventHashes.sha256("a");
    private static final String B = EventHashes.sha256("b");

    @Test
    void theCanonicalFormIsOneFieldPerLineUnderItsVersion() {
        assertThat(Seal.canonical(1, 2, 10, 20, 10, A, B, "2026-11-22T10:00:00Z"))
                .isEqualTo("tally-seal-v1\n2\n10\n20\n10\n" + A + "\n" + B + "\n2026-11-22T10:00:00Z\n");
        assertThat(Seal.canonical(2, 1, 0, 5, 5, A, null, "2026-11-22T10:00:00Z"))
                .isEqualTo("tally-seal-v2\n1\n0\n5\n5\n" + A + "\n\n2026-11-22T10:00:00Z\n");
    }

    @Test
    void theSealHashCoversTheCanonicalFormAndTheSignature() {
        String canonical = Seal.canonical(2, 1, 0, 5, 5, A, null, "2026-11-22T10:00:00Z");
        Seal seal = new Seal(1, 0, 5, 5, A, null, "2026-11-22T10:00:00Z", "c2ln", Seal.hash(canonical, "c2ln"), 2);
        assertThat(seal.sealHash()).isEqualTo(EventHashes.sha256(canonical + "c2ln\n"));
        assertThat(seal.hashMatches()).isTrue();
        assertThat(new Seal(1, 0, 6, 5, A, null, "2026-11-22T10:00:00Z", "c2ln", seal.sealHash(), 2).hashMatches())
                .isFalse();
    }
}
