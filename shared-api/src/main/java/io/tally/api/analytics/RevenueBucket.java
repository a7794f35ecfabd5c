package io.tally.api.analytics;

import io.tally.api.common.Money;
import java.time.Instant;

/**
 * One interval of one currency: {@code orders} sold (confirmed or shipped) and their {@code gross}
 * (order totals, tax included) and {@code tax} by placement time; {@code refunded} by refund time;
 * {@code net} = gross - refunded.
 */
public record RevenueBucket(
        Instant start, String currency, long orders, Money gross, Money tax, Money refunded, Money net) {}
