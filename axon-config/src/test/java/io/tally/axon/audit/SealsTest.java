package io.tally.axon.audit;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Merkle root and the canonical form of a seal, as docs/audit.md documents them. */
class SealsTest {

    private static final String A = EventHashes.sha256("a");
    private static final String B = EventHashes.sha256("b");
    private static final String C = EventHashes.sha256("c");

    @Test
    void parentsHashTheirChildrenAndAnOddLastNodeMovesUp() {
        assertThat(Seals.merkleRoot(List.of(A))).isEqualTo(A);
        assertThat(Seals.merkleRoot(List.of(A, B))).isEqualTo(EventHashes.sha256(A + B));
        assertThat(Seals.merkleRoot(List.of(A, B, C))).isEqualTo(EventHashes.sha256(EventHashes.sha256(A + B) + C));
        assertThat(Seals.merkleRoot(List.of(B, A))).as("order matters").isNotEqualTo(Seals.merkleRoot(List.of(A, B)));
        assertThat(Seals.merkleRoot(List.of(A, C))).as("a removed event changes the root")
                .isNotEqualTo(Seals.merkleRoot(List.of(A, B, C)));
    }

    @Test
    void theCanonicalFormIsOneFieldPerLine() {
        assertThat(Seals.canonical(2, 10, 20, 10, A, B, "2026-11-22T10:00:00Z"))
                .isEqualTo("tally-seal-v1\n2\n10\n20\n10\n" + A + "\n" + B + "\n2026-11-22T10:00:00Z\n");
        assertThat(Seals.canonical(1, 0, 5, 5, A, null, "2026-11-22T10:00:00Z"))
                .isEqualTo("tally-seal-v1\n1\n0\n5\n5\n" + A + "\n\n2026-11-22T10:00:00Z\n");
    }
}
