package io.tally.simulator;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Stripe's idempotency keys: the answer of the first request under a key, saved once it acted, and
 * the keys whose first request is still running. Not thread-safe: guarded by the simulator's lock.
 */
final class IdempotencyKeys {

    /** A saved answer and the request it answered ({@code path + " " + body}). */
    record Saved(String fingerprint, int status, String body) {}

    private final Map<String, Saved> saved = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();

    Saved saved(String key) {
        return saved.get(key);
    }

    /** False when a request under {@code key} is still running. */
    boolean begin(String key) {
        return inProgress.add(key);
    }

    void end(String key) {
        inProgress.remove(key);
    }

    void save(String key, Saved answer) {
        saved.put(key, answer);
    }
}
