package io.tally.api.order;

import java.time.Instant;
import java.util.List;

/** A page of orders; an empty {@code statuses}, a null customer or bound leaves that filter out. */
public record FindOrdersQuery(
        List<OrderStatus> statuses,
        String customerId,
        Instant placedFrom,
        Instant placedTo,
        int page,
        int size,
        String sortField,
        boolean ascending) {}
