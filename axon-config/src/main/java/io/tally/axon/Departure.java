package io.tally.axon;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The places where Tally replaces or bends a part of Axon Framework to spend fewer statements an
 * order, each of which {@code tally.axon.stock} turns back into Axon's own part (a list of these
 * names, or {@code all}). docs/axon-departures.md says, for each, what Axon does, what Tally does
 * instead, what it saves, what it risks and which test guards it; the shared scenario suite
 * ({@code AxonScenarios}) runs against both.
 */
public enum Departure {

    /** The log's tail read once per wake-up, not again while quiet, at most every tail-read gap. */
    TAIL_READS,
    /** Tokens of skipped events, and of idempotent projections' batches, written at most every second. */
    DEFERRED_TOKENS,
    /** Sagas found with their state and association values in one statement, inserted and ended in one. */
    SAGA_STATEMENTS,
    /** The fulfillment saga's events handled by the one segment their order id falls in. */
    SAGA_ROUTING,
    /** Orders, payments and items kept in memory between commands, checked against the log. */
    AGGREGATE_CACHE,
    /** Each processor's segments split between the live instances of a service. */
    SEGMENT_BALANCER;

    /** Its name in {@code tally.axon.stock}: {@code aggregate-loading}, {@code tail-reads}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The departures {@code stock} turns off: none for an empty list, every one for {@code all}.
     *
     * @throws IllegalArgumentException for a name that is no departure, so a misspelt switch stops
     *                                  the service at start instead of leaving the departure on
     */
    public static Set<Departure> stockOf(List<String> stock) {
        Set<Departure> off = EnumSet.noneOf(Departure.class);
        for (String entry : stock) {
            String name = entry.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("all")) {
                return EnumSet.allOf(Departure.class);
            }
            off.add(Arrays.stream(values())
                    .filter(departure -> departure.key().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("tally.axon.stock: no departure " + entry
                            + "; the departures are all, "
                            + Arrays.stream(values()).map(Departure::key).collect(Collectors.joining(", ")))));
        }
        return off;
    }
}
