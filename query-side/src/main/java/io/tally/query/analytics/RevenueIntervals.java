package io.tally.query.analytics;

import io.tally.api.analytics.RevenueInterval;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/** The UTC calendar intervals a revenue report covers, as Elasticsearch's date histogram cuts them. */
final class RevenueIntervals {

    static final int MAX_BUCKETS = 1_000;

    private RevenueIntervals() {}

    static Instant start(Instant at, RevenueInterval interval) {
        ZonedDateTime day = at.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
        return switch (interval) {
            case DAY -> day.toInstant();
            case WEEK ->
                day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
            case MONTH -> day.withDayOfMonth(1).toInstant();
        };
    }

    static Instant next(Instant start, RevenueInterval interval) {
        ZonedDateTime at = start.atZone(ZoneOffset.UTC);
        return switch (interval) {
            case DAY -> at.plusDays(1).toInstant();
            case WEEK -> at.plusWeeks(1).toInstant();
            case MONTH -> at.plusMonths(1).toInstant();
        };
    }

    static long count(Instant from, Instant to, RevenueInterval interval) {
        long count = 0;
        for (Instant start = start(from, interval);
                start.isBefore(to) && count <= MAX_BUCKETS;
                start = next(start, interval)) {
            count++;
        }
        return count;
    }

    static List<Instant> starts(Instant from, Instant to, RevenueInterval interval) {
        List<Instant> starts = new ArrayList<>();
        for (Instant start = start(from, interval); start.isBefore(to); start = next(start, interval)) {
            starts.add(start);
        }
        return starts;
    }
}
