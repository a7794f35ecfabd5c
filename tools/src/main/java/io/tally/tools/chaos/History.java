package io.tally.tools.chaos;

import java.util.concurrent.ConcurrentLinkedQueue;

/** Every call of a campaign, as it was sent and answered, and every command with its final answer. */
final class History {

    /** One HTTP exchange; {@code status} -1 when no answer came (refused, reset, timed out). */
    record Call(
            String aggregate,
            String method,
            String path,
            String key,
            long startNanos,
            long endNanos,
            int status,
            long version,
            String problem,
            boolean retryAfter,
            long minVersion,
            String error) {
        @Override
        public String toString() {
            return method + " " + path + (key == null ? "" : " key " + key) + " -> "
                    + (status < 0 ? error : status + (problem == null ? "" : " " + problem))
                    + (version >= 0 ? " v" + version : "");
        }
    }

    /**
     * A command as the client saw it in the end: {@code status} the last answer (-1: it gave up
     * without one), the event it must have stored once when acknowledged, in the aggregate named.
     */
    record Command(String kind, String key, String aggregate, String eventType, int status, long version) {
        boolean acknowledged() {
            return status / 100 == 2;
        }

        boolean refused() {
            return status >= 400 && status < 500;
        }
    }

    final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Command> commands = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> orders = new ConcurrentLinkedQueue<>();
    /** The aggregate of a command sent before its aggregate's id was known (a placed order), by its key. */
    final java.util.concurrent.ConcurrentHashMap<String, String> aggregateOfKey =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Same key, same body sent again after an answer: both answers, which must agree. */
    final ConcurrentLinkedQueue<Call[]> replays = new ConcurrentLinkedQueue<>();
    /** Two writes raced with one If-Match: both answers; at most one may succeed. */
    final ConcurrentLinkedQueue<Call[]> races = new ConcurrentLinkedQueue<>();

    /** The aggregate a call was about, null for none. */
    String aggregateOf(Call call) {
        return call.aggregate() != null || call.key() == null ? call.aggregate() : aggregateOfKey.get(call.key());
    }
}
