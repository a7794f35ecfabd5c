package io.tally.command.payment.gateway;

import io.tally.api.common.Money;

/** One money movement to carry out at the gateway, with everything needed to send it again under its key. */
record GatewayOperation(String operation, String paymentId, String refundId, String reference, Money amount) {

    static final String AUTHORIZE = "authorize";
    static final String CAPTURE = "capture";
    static final String VOID = "void";
    static final String REFUND = "refund";

    String key() {
        return PaymentGateway.key(paymentId, operation, refundId);
    }
}
