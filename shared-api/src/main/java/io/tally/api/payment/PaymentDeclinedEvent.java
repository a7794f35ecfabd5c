package io.tally.api.payment;

import io.tally.api.common.Money;
import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/**
 * The gateway declined the authorisation ({@code declineCode}, e.g. {@code card_declined}) or never
 * answered in time ({@code timedOut}, no decline code).
 * <p>
 * Revision 2. Revision 1 (stored without a revision) had one field {@code reason}: the decline code,
 * or the magic value {@code gateway-timeout}; {@code io.tally.domain.payment.PaymentDeclinedUpcaster} turns
 * it into this shape when it is read.
 */
@Revision("2")
public record PaymentDeclinedEvent(
        String paymentId,
        String orderId,
        Money amount,
        @Nullable String declineCode,
        boolean timedOut) {

    public static PaymentDeclinedEvent declined(String paymentId, String orderId, Money amount, String declineCode) {
        return new PaymentDeclinedEvent(paymentId, orderId, amount, declineCode, false);
    }

    public static PaymentDeclinedEvent timedOut(String paymentId, String orderId, Money amount) {
        return new PaymentDeclinedEvent(paymentId, orderId, amount, null, true);
    }
}
