package io.tally.query.web;

import io.tally.api.order.OrderStatus;
import io.tally.web.problem.InvalidRequestException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The query parameters several lists share. Times are ISO-8601 instants with an offset
 * ({@code 2026-11-22T10:15:30Z}) or dates ({@code 2026-11-22}, a whole UTC day): a lower bound
 * includes its instant or day, an upper bound includes its day, or is exclusive as an instant.
 */
public final class QueryParameters {

    /** Elasticsearch pages at most this deep ({@code index.max_result_window}). */
    public static final int MAX_WINDOW = 10_000;

    private QueryParameters() {}

    /** The first instant a lower bound includes, or null. */
    public static Instant from(String name, String value) {
        return parse(name, value, false);
    }

    /** The first instant an upper bound excludes, or null. */
    public static Instant to(String name, String value) {
        return parse(name, value, true);
    }

    /** An optional lower and upper bound, the lower one first. */
    public record TimeRange(Instant from, Instant to) {}

    /** Both bounds of a range ({@link #from}, {@link #to}), checked to be in order. */
    public static TimeRange range(String fromName, String fromValue, String toName, String toValue) {
        Instant from = from(fromName, fromValue);
        Instant to = to(toName, toValue);
        requireOrdered(fromName, from, toName, to);
        return new TimeRange(from, to);
    }

    public static void requireOrdered(String fromName, Instant from, String toName, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidRequestException(toName, "must be after " + fromName);
        }
    }

    /** {@code status=CONFIRMED,SHIPPED} (repeatable, any case); empty when absent. */
    public static List<OrderStatus> statuses(List<String> values) {
        List<OrderStatus> statuses = new ArrayList<>();
        if (values == null) {
            return statuses;
        }
        for (String value : values) {
            for (String part : value.split(",")) {
                String name = part.trim().toUpperCase(Locale.ROOT);
                if (name.isEmpty()) {
                    continue;
                }
                try {
                    OrderStatus status = OrderStatus.valueOf(name);
                    if (!statuses.contains(status)) {
                        statuses.add(status);
                    }
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException(
                            "status",
                            "unknown status '" + part.trim() + "'; one of " + Arrays.toString(OrderStatus.values()));
                }
            }
        }
        return statuses;
    }

    public static void requireWithinWindow(int page, int size) {
        if ((long) (page + 1) * size > MAX_WINDOW) {
            throw new InvalidRequestException(
                    "page", "(page + 1) x size may not exceed " + MAX_WINDOW + "; narrow the search instead");
        }
    }

    private static Instant parse(String name, String value, boolean upper) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (upper ? day.plusDays(1) : day)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(
                    name,
                    "'" + text + "' is not an ISO-8601 date (2026-11-22) "
                            + "or instant with offset (2026-11-22T10:15:30Z)");
        }
    }
}
