package io.tally.api.order;

import org.jspecify.annotations.Nullable;

public record OrderRejectedEvent(
        String orderId, String reason, @Nullable String detail) {}
