package io.tally.domain.payment.gateway;

import io.tally.api.common.Money;

/**
 * The port to a card processor. {@link #authorize} finds the card token that the order left in
 * the command side's {@code PaymentTokenVault}; the events only ever see the gateway's reference.
 */
public interface PaymentGateway {

    Authorization authorize(String paymentId, Money amount);

    void capture(String gatewayReference, Money amount);

    void voidAuthorization(String gatewayReference);

    void refund(String gatewayReference, Money amount);

    enum Outcome { APPROVED, DECLINED, NO_ANSWER }

    /** {@code reference} when approved, {@code declineCode} when declined, neither without an answer. */
    record Authorization(Outcome outcome, String reference, String declineCode) {

        public static Authorization approved(String reference) {
            return new Authorization(Outcome.APPROVED, reference, null);
        }

        public static Authorization declined(String code) {
            return new Authorization(Outcome.DECLINED, null, code);
        }

        public static Authorization noAnswer() {
            return new Authorization(Outcome.NO_ANSWER, null, null);
        }
    }
}
