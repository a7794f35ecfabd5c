package io.tally.api.analytics;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

public record RevenueReport(
        Instant from,
        Instant to,
        RevenueInterval interval,
        @Nullable String currency,
        List<RevenueBucket> buckets) {}
