package io.tally.api.analytics;

import java.time.Instant;

/** The best-selling products by units in orders placed in [from, to) and sold (confirmed or shipped). */
public record FindTopProductsQuery(Instant from, Instant to, int limit) {}
