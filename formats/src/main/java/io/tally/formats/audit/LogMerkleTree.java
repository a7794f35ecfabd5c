package io.tally.formats.audit;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

/**
 * The Merkle tree hash of RFC 6962 (section 2.1) over a run of the log's events (an export's, a
 * {@code tally-seal-v2} seal's), built as they stream:
 * a leaf is {@code SHA-256(0x00 || global index as 8 bytes big-endian || the event's 32-byte hash)},
 * a node {@code SHA-256(0x01 || left || right)}, the empty tree {@code SHA-256("")}. The leaf binds
 * the event to its place in the log, so an event moved to another global index changes the root
 * although its own hash does not. Memory is one hash per level.
 */
public final class LogMerkleTree {

    private record Subtree(long leaves, byte[] hash) {}

    private final Deque<Subtree> perfect = new ArrayDeque<>();
    private long count;

    public void add(long globalIndex, String eventHashHex) {
        byte[] eventHash = HexFormat.of().parseHex(eventHashHex);
        byte[] hash = digest(ByteBuffer.allocate(1 + 8 + eventHash.length)
                .put((byte) 0)
                .putLong(globalIndex)
                .put(eventHash)
                .array());
        Subtree added = new Subtree(1, hash);
        while (!perfect.isEmpty() && perfect.peek().leaves() == added.leaves()) {
            Subtree left = perfect.pop();
            added = new Subtree(left.leaves() * 2, node(left.hash(), added.hash()));
        }
        perfect.push(added);
        count++;
    }

    public long count() {
        return count;
    }

    /** The root: the perfect subtrees folded from the right, as RFC 6962's split at the largest power of two. */
    public String root() {
        if (perfect.isEmpty()) {
            return HexFormat.of().formatHex(digest(new byte[0]));
        }
        byte[] root = null;
        for (Subtree subtree : perfect) { // newest (rightmost) first
            root = root == null ? subtree.hash() : node(subtree.hash(), root);
        }
        return HexFormat.of().formatHex(root);
    }

    private static byte[] node(byte[] left, byte[] right) {
        return digest(ByteBuffer.allocate(1 + left.length + right.length)
                .put((byte) 1)
                .put(left)
                .put(right)
                .array());
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
