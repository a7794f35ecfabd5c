package io.tally.tools.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The faults of a campaign, drawn from its seed alone: the same seed gives the same schedule (when,
 * which kind, which target, how long), whatever the machine's speed.
 */
final class Schedule {

    /** One fault: injected {@code atMillis} after the start, held {@code holdMillis}. */
    record Fault(int number, long atMillis, String kind, String target, long holdMillis, String detail) {
        @Override
        public String toString() {
            return "#" + number + " " + kind + " " + target + (detail.isEmpty() ? "" : " " + detail) + " at "
                    + atMillis / 1000.0 + " s for " + holdMillis / 1000.0 + " s";
        }
    }

    static final List<String> KINDS =
            List.of("kill", "pause", "store-stop", "store-kill", "store-pause", "connection-cut", "gateway-fault");
    private static final List<String> SERVICES = List.of("command-side", "query-side", "gateway");
    private static final List<String> STORES = List.of("postgres", "elasticsearch");
    private static final List<String> GATEWAY_MODES =
            List.of("timeout_after_apply", "error", "slow", "drop_after_apply");
    private static final List<String> GATEWAY_OPERATIONS = List.of("authorize", "capture", "cancel", "refund");

    private Schedule() {}

    /** Faults over {@code millis}, one every {@code meanGapMillis} on average, the kinds in turn-free random order. */
    static List<Fault> draw(long seed, long millis, long meanGapMillis) {
        Random random = new Random(seed);
        List<Fault> faults = new ArrayList<>();
        long at = 5_000;
        int number = 1;
        while (at < millis) {
            String kind = KINDS.get(random.nextInt(KINDS.size()));
            String target;
            long hold;
            String detail = "";
            switch (kind) {
                case "kill" -> {
                    target = SERVICES.get(random.nextInt(SERVICES.size()));
                    hold = 200 + random.nextInt(5_000); // until ./tally up is run
                }
                case "pause" -> {
                    target = SERVICES.get(random.nextInt(SERVICES.size()));
                    // longer than the token claim (10 s), the segment lease and the gateway's timeout (3 s)
                    hold = 3_000 + random.nextInt(22_000);
                }
                case "store-stop", "store-pause" -> {
                    target = STORES.get(random.nextInt(STORES.size()));
                    hold = 1_000 + random.nextInt(14_000);
                }
                case "store-kill" -> {
                    target = STORES.get(random.nextInt(STORES.size()));
                    hold = 0; // the stores' watchdog restarts it
                }
                case "connection-cut" -> {
                    target = "postgres";
                    hold = 0;
                }
                default -> {
                    target = "gateway";
                    hold = 0;
                    detail = GATEWAY_OPERATIONS.get(random.nextInt(GATEWAY_OPERATIONS.size())) + ":"
                            + GATEWAY_MODES.get(random.nextInt(GATEWAY_MODES.size())) + ":" + (1 + random.nextInt(3));
                }
            }
            faults.add(new Fault(number++, at, kind, target, hold, detail));
            at += 1 + (long) (-Math.log(1 - random.nextDouble()) * meanGapMillis);
        }
        return faults;
    }
}
