package io.tally.api.order;

import io.tally.api.common.Money;
import io.tally.api.payment.PaymentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One search result; {@code highlights} maps a field to its matching fragments, the match in {@code <em>}. */
public record OrderSearchHit(
        String orderId,
        OrderStatus status,
        String customerId,
        String customerName,
        String customerEmail,
        List<String> products,
        Money total,
        @Nullable PaymentStatus paymentStatus,
        Instant placedAt,
        Instant updatedAt,
        @Nullable Double score,
        Map<String, List<String>> highlights) {}
