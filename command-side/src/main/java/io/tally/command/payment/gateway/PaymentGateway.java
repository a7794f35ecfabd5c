package io.tally.command.payment.gateway;

import io.tally.api.common.Money;

/**
 * The port to a card processor, used by the payment processor only, never by an aggregate. Every
 * operation carries its idempotency key ({@link #key}): the gateway applies an operation once
 * however often it is sent under its key, which is what makes a retry, a redelivered event, a
 * second instance or a restart safe.
 */
public interface PaymentGateway {

    Answer authorize(String key, String paymentId, Money amount, String cardToken);

    Answer capture(String key, String reference, Money amount);

    Answer voidAuthorization(String key, String reference);

    Answer refund(String key, String reference, Money amount, String refundId);

    /** Every money movement the gateway made, in its order, for reconciliation. */
    java.util.List<Movement> ledger();

    /** One movement in the gateway's ledger: {@code authorization}, {@code capture}, {@code void} or {@code refund}. */
    record Movement(String type, String paymentId, String refundId, long amount) {}

    /** {@code DONE}: the money moved; {@code REFUSED}: the gateway said no, nothing moved; {@code UNKNOWN}: no definite answer. */
    enum Outcome {
        DONE,
        REFUSED,
        UNKNOWN
    }

    /** {@code reference} of what the gateway made when done, {@code code} when refused, {@code detail} for the log. */
    record Answer(Outcome outcome, String reference, String code, String detail) {

        public static Answer done(String reference) {
            return new Answer(Outcome.DONE, reference, null, null);
        }

        public static Answer refused(String code) {
            return new Answer(Outcome.REFUSED, null, code, null);
        }

        public static Answer unknown(String detail) {
            return new Answer(Outcome.UNKNOWN, null, null, detail);
        }
    }

    /** The operation's key: {@code <paymentId>:authorize|capture|void}, or {@code <paymentId>:refund:<refundId>}. */
    static String key(String paymentId, String operation, String refundId) {
        return "tally:" + paymentId + ":" + operation + (refundId == null ? "" : ":" + refundId);
    }
}
