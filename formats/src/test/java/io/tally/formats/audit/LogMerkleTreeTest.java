package io.tally.formats.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both trees against the one set of test vectors (merkle-test-vectors.txt, which docs/audit.md
 * cites), and the streamed RFC 6962 tree against RFC 6962's recursive definition.
 */
class LogMerkleTreeTest {

    @Test
    void theStreamedRootIsTheRecursiveOne() throws Exception {
        for (int size = 0; size <= 70; size++) {
            List<byte[]> leaves = new ArrayList<>();
            LogMerkleTree tree = new LogMerkleTree();
            for (int i = 0; i < size; i++) {
                tree.add(index(i), hash(i));
                leaves.add(ByteBuffer.allocate(41)
                        .put((byte) 0)
                        .putLong(index(i))
                        .put(HexFormat.of().parseHex(hash(i)))
                        .array());
            }
            assertThat(tree.count()).isEqualTo(size);
            assertThat(tree.root()).as("size " + size).isEqualTo(HexFormat.of().formatHex(mth(leaves)));
        }
    }

    @Test
    void bothTreesGiveTheVectorsRoots() throws IOException {
        int checked = 0;
        for (String line : vectors()) {
            String[] fields = line.split(" ");
            int size = Integer.parseInt(fields[1]);
            String root;
            if (fields[0].equals("rfc6962")) {
                LogMerkleTree tree = new LogMerkleTree();
                for (int i = 0; i < size; i++) {
                    tree.add(index(i), hash(i));
                }
                root = tree.root();
            } else {
                List<String> hashes = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    hashes.add(hash(i));
                }
                root = PairwiseMerkleRoot.of(hashes);
            }
            assertThat(root).as(line).isEqualTo(fields[2]);
            checked++;
        }
        assertThat(checked).isEqualTo(16);
    }

    @Test
    void leavesAndNodesAreSeparatedAndALeafIsBoundToItsPlace() {
        LogMerkleTree one = new LogMerkleTree();
        one.add(1, hash(0));
        assertThat(one.root()).as("a one-leaf tree is not the leaf's own hash").isNotEqualTo(hash(0));
        LogMerkleTree ab = new LogMerkleTree();
        ab.add(1, hash(0));
        ab.add(2, hash(1));
        LogMerkleTree moved = new LogMerkleTree();
        moved.add(1, hash(0));
        moved.add(3, hash(1));
        assertThat(ab.root()).as("the same event at another global index").isNotEqualTo(moved.root());
    }

    @Test
    void theFirstSealsRootHashesHexPairsAndMovesAnOddNodeUp() {
        String a = PairwiseMerkleRoot.sha256("a");
        String b = PairwiseMerkleRoot.sha256("b");
        String c = PairwiseMerkleRoot.sha256("c");
        assertThat(PairwiseMerkleRoot.of(List.of())).isEqualTo(PairwiseMerkleRoot.sha256(""));
        assertThat(PairwiseMerkleRoot.of(List.of(a))).isEqualTo(a);
        assertThat(PairwiseMerkleRoot.of(List.of(a, b))).isEqualTo(PairwiseMerkleRoot.sha256(a + b));
        assertThat(PairwiseMerkleRoot.of(List.of(a, b, c)))
                .isEqualTo(PairwiseMerkleRoot.sha256(PairwiseMerkleRoot.sha256(a + b) + c));
        assertThat(PairwiseMerkleRoot.of(List.of(b, a)))
                .as("order matters")
                .isNotEqualTo(PairwiseMerkleRoot.of(List.of(a, b)));
        assertThat(PairwiseMerkleRoot.of(List.of(a, c)))
                .as("a removed event changes the root")
                .isNotEqualTo(PairwiseMerkleRoot.of(List.of(a, b, c)));
    }

    /** The vectors' leaf {@code i}: global index 1000 + 3i. */
    static long index(int i) {
        return 1000L + 3 * i;
    }

    /** The vectors' leaf {@code i}: event hash SHA-256("event i"), lower-case hex. */
    static String hash(int i) {
        return PairwiseMerkleRoot.sha256("event " + i);
    }

    private static List<String> vectors() throws IOException {
        try (InputStream in = LogMerkleTreeTest.class.getResourceAsStream("/merkle-test-vectors.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
        }
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
        return sha.digest(
                ByteBuffer.allocate(65).put((byte) 1).put(left).put(right).array());
    }
}
