package io.tally.api.analytics;

/** Calendar intervals in UTC; weeks start on Monday (ISO-8601). */
public enum RevenueInterval {
    DAY,
    WEEK,
    MONTH
}
