package io.tally.api.order;

import java.time.Instant;
import java.util.List;

/** Full-text search over orders; {@code sortField} null means by relevance (newest first without {@code q}). */
public record SearchOrdersQuery(
        String q,
        List<OrderStatus> statuses,
        Instant placedFrom,
        Instant placedTo,
        int page,
        int size,
        String sortField,
        boolean ascending) {}
