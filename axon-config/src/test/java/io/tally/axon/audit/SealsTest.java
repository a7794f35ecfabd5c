package io.tally.axon.audit;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** The canonical form of a seal, as docs/audit.md documents it (its Merkle trees: audit-format's tests). */
class SealsTest {

    private static final String A = EventHashes.sha256("a");
    private static final String B = EventHashes.sha256("b");

    @Test
    void theCanonicalFormIsOneFieldPerLine() {
        assertThat(Seals.canonical(2, 10, 20, 10, A, B, "2026-11-22T10:00:00Z"))
                .isEqualTo("tally-seal-v1\n2\n10\n20\n10\n" + A + "\n" + B + "\n2026-11-22T10:00:00Z\n");
        assertThat(Seals.canonical(1, 0, 5, 5, A, null, "2026-11-22T10:00:00Z"))
                .isEqualTo("tally-seal-v1\n1\n0\n5\n5\n" + A + "\n\n2026-11-22T10:00:00Z\n");
    }
}
