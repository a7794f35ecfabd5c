package io.tally.formats.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * The root of the first seals ({@code tally-seal-v1}), before {@link LogMerkleTree}: over the
 * events' hex hashes in global-index order, a parent is the SHA-256 of its two children's hex
 * concatenated, an odd last node moves up unchanged, and no hashes give {@code SHA-256("")}. It
 * neither separates leaves from nodes nor binds an event to its place in the log, which is why
 * new seals use RFC 6962; it is kept so that the seals made with it still verify.
 */
public final class PairwiseMerkleRoot {

    private PairwiseMerkleRoot() {}

    public static String of(List<String> hashes) {
        if (hashes.isEmpty()) {
            return sha256("");
        }
        List<String> level = hashes;
        while (level.size() > 1) {
            List<String> parents = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                parents.add(i + 1 < level.size() ? sha256(level.get(i) + level.get(i + 1)) : level.get(i));
            }
            level = parents;
        }
        return level.get(0);
    }

    static String sha256(String text) {
        return Sha256.hex(text);
    }
}
