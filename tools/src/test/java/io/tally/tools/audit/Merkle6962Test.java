package io.tally.tools.audit;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The streamed tree equals RFC 6962's recursive definition, for every size up to 70. */
class Merkle6962Test {

    @Test
    void theStreamedRootIsTheRecursiveOne() throws Exception {
        for (int size = 0; size <= 70; size++) {
            List<byte[]> leaves = new ArrayList<>();
            ExportVerifier.Merkle6962 tree = new ExportVerifier.Merkle6962();
            for (int i = 0; i < size; i++) {
                String hash = ExportVerifier.sha256("event " + i);
                long globalIndex = 1000L + 3 * i;
                tree.add(globalIndex, hash);
                leaves.add(ByteBuffer.allocate(41).put((byte) 0).putLong(globalIndex)
                                     .put(HexFormat.of().parseHex(hash)).array());
            }
            assertThat(tree.count()).isEqualTo(size);
            assertThat(tree.root()).as("size " + size).isEqualTo(HexFormat.of().formatHex(mth(leaves)));
        }
    }

    @Test
    void leavesAndNodesAreSeparated() throws Exception {
        // a one-leaf tree is not the leaf's own hash, and order matters
        ExportVerifier.Merkle6962 one = new ExportVerifier.Merkle6962();
        String hash = ExportVerifier.sha256("x");
        one.add(1, hash);
        assertThat(one.root()).isNotEqualTo(hash);
        ExportVerifier.Merkle6962 ab = new ExportVerifier.Merkle6962();
        ab.add(1, ExportVerifier.sha256("a"));
        ab.add(2, ExportVerifier.sha256("b"));
        ExportVerifier.Merkle6962 moved = new ExportVerifier.Merkle6962();
        moved.add(1, ExportVerifier.sha256("a"));
        moved.add(3, ExportVerifier.sha256("b"));
        assertThat(ab.root()).isNotEqualTo(moved.root());
    }

    /** RFC 6962, 2.1: MTH({}) = SHA-256(), MTH({d}) = SHA-256(0x00 || d), else split at the largest power of two. */
    private static byte[] mth(List<byte[]> leaves) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        if (leaves.isEmpty()) {
            return sha.digest();
        }
        if (leaves.size() == 1) {
            return sha.digest(leaves.get(0)); // the leaf data already starts with 0x00
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        byte[] left = mth(leaves.subList(0, k));
        byte[] right = mth(leaves.subList(k, leaves.size()));
        return sha.digest(ByteBuffer.allocate(65).put((byte) 1).put(left).put(right).array());
    }
}
