package io.tally.api.order;

import java.util.List;
import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/**
 * Revision 2: {@code customerName} and {@code customerEmail} are sealed with the customer's data key
 * ({@code tally-pii:v1:...}, docs/security.md); revision 1 held them in plain text.
 */
@Revision("2")
public record OrderPlacedEvent(
        String orderId,
        String customerId,
        String customerName,
        String customerEmail,
        String currency,
        List<OrderLine> lines,
        @Nullable String discountCode,
        OrderTotals totals,
        String paymentId) {}
