package io.tally.query.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class PageTotalsTest {

    private final AtomicLong clock = new AtomicLong();
    private final PageTotals totals = new PageTotals(clock::get);
    private final AtomicLong counts = new AtomicLong();

    /** A count of {@code rows} that takes {@code nanos}. */
    private LongSupplier count(long rows, long nanos) {
        return () -> {
            counts.incrementAndGet();
            clock.addAndGet(nanos);
            return rows;
        };
    }

    @Test
    void aPageShorterThanItsSizeEndsTheListSoNothingIsCounted() {
        assertThat(totals.total("f", 0, 50, 3, count(999, 0))).isEqualTo(3);
        assertThat(totals.total("f", 2, 50, 7, count(999, 0))).isEqualTo(107);
        assertThat(totals.total("f", 0, 50, 0, count(999, 0))).isZero();
        assertThat(counts).hasValue(0);
    }

    @Test
    void anEmptyPageBeyondTheEndIsCounted() {
        assertThat(totals.total("f", 9, 50, 0, count(120, 0))).isEqualTo(120);
        assertThat(counts).hasValue(1);
    }

    @Test
    void aQuickCountIsExactEveryTime() {
        assertThat(totals.total("f", 0, 50, 50, count(120, PageTotals.SLOW_NANOS - 1)))
                .isEqualTo(120);
        assertThat(totals.total("f", 0, 50, 50, count(121, PageTotals.SLOW_NANOS - 1)))
                .isEqualTo(121);
        assertThat(counts).hasValue(2);
    }

    @Test
    void aSlowCountIsReusedForTheSameFilterForASecondOnly() {
        assertThat(totals.total("all", 0, 50, 50, count(70_000, PageTotals.SLOW_NANOS)))
                .isEqualTo(70_000);
        assertThat(totals.total("all", 1, 50, 50, count(70_001, 0))).isEqualTo(70_000);
        assertThat(totals.total("status=PLACED", 0, 50, 50, count(300, 0))).isEqualTo(300);
        assertThat(counts).hasValue(2);

        clock.addAndGet(PageTotals.REUSE_NANOS);
        assertThat(totals.total("all", 0, 50, 50, count(70_002, 0))).isEqualTo(70_002);
        assertThat(counts).hasValue(3);
    }

    @Test
    void aReusedTotalIsNeverBelowWhatThePageShows() {
        totals.total("all", 0, 50, 50, count(100, PageTotals.SLOW_NANOS));
        assertThat(totals.total("all", 2, 50, 50, count(0, 0))).isEqualTo(150);
    }
}
