package io.tally.api.order;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Lines arrive priced from the inventory items; the order checks the arithmetic again. */
public record PlaceOrderCommand(
        @TargetAggregateIdentifier String orderId,
        String customerId,
        String customerName,
        String customerEmail,
        String currency,
        List<OrderLine> lines,
        String discountCode,
        OrderTotals totals,
        String paymentId) {}
