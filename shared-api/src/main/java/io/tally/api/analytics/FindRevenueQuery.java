package io.tally.api.analytics;

import java.time.Instant;

/** Revenue per interval in [from, to); a null currency reports every currency, one bucket series each. */
public record FindRevenueQuery(Instant from, Instant to, RevenueInterval interval, String currency) {}
