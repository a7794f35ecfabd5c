package io.tally.api.analytics;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;

public record RevenueReport(Instant from, Instant to, RevenueInterval interval, @Nullable String currency,
                            List<RevenueBucket> buckets) {
}
