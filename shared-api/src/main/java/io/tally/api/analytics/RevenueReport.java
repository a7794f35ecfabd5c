package io.tally.api.analytics;

import java.time.Instant;
import java.util.List;

public record RevenueReport(Instant from, Instant to, RevenueInterval interval, String currency,
                            List<RevenueBucket> buckets) {
}
