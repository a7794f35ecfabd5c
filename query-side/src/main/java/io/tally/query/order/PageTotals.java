package io.tally.query.order;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The {@code total} of a list page. A page shorter than its size ends the list, so its total is
 * known without counting. Otherwise the matching rows are counted; a count that took at least
 * {@link #SLOW_NANOS} (a large table, where counting was PostgreSQL's largest cost under the load
 * benchmark, docs/benchmark-results.md) is reused for the same filter for up to
 * {@link #REUSE_NANOS}, and never below what the page itself shows. Small counts stay exact.
 */
final class PageTotals {

    static final long SLOW_NANOS = 5_000_000L;
    static final long REUSE_NANOS = 1_000_000_000L;
    private static final int MAX_FILTERS = 1_000;

    private record Counted(long total, long at) {}

    private final Map<String, Counted> counted = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    PageTotals(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** {@code filter} names the matching rows exactly; {@code count} counts them. */
    long total(String filter, int page, int size, int itemsOnPage, LongSupplier count) {
        long shown = itemsOnPage == 0 ? 0 : (long) page * size + itemsOnPage;
        if (itemsOnPage < size && (itemsOnPage > 0 || page == 0)) {
            return shown;
        }
        long now = nanoTime.getAsLong();
        Counted last = counted.get(filter);
        if (last != null && now - last.at() < REUSE_NANOS) {
            return Math.max(last.total(), shown);
        }
        long total = count.getAsLong();
        long took = nanoTime.getAsLong() - now;
        if (took >= SLOW_NANOS) {
            if (counted.size() >= MAX_FILTERS) {
                counted.clear();
            }
            counted.put(filter, new Counted(total, now));
        } else {
            counted.remove(filter);
        }
        return Math.max(total, shown);
    }
}
