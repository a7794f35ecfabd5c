package io.tally.api.payment;

import io.tally.api.common.Money;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A payment as the query side answers it; a declined one says why: the gateway's {@code declineCode},
 * or {@code timedOut} when the gateway never answered.
 */
public record PaymentDetailsView(
        String paymentId,
        String orderId,
        PaymentStatus status,
        Money authorized,
        Money captured,
        Money refunded,
        @Nullable String declineCode,
        boolean timedOut,
        long version,
        Instant updatedAt) {}
