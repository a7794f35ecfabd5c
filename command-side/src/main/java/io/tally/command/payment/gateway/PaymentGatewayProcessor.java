package io.tally.command.payment.gateway;

import io.tally.api.payment.PaymentAuthorizationPendingEvent;
import io.tally.api.payment.PaymentCaptureRequestedEvent;
import io.tally.api.payment.PaymentRefundRequestedEvent;
import io.tally.api.payment.PaymentVoidRequestedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * The payment processor: for every money movement a payment recorded as requested, asks the
 * gateway under the operation's key and sends the answer back as a command. It runs in its own
 * tracking processor ({@value #NAME}), so its token moves in the same transaction as the recorded
 * answer; it is never replayed, and it starts at the head of an existing log, so history is not
 * sent again.
 */
@Component
@ProcessingGroup(PaymentGatewayProcessor.NAME)
@DisallowReplay
class PaymentGatewayProcessor {

    static final String NAME = "payment-gateway";

    private final PaymentOperations operations;

    PaymentGatewayProcessor(PaymentOperations operations) {
        this.operations = operations;
    }

    @EventHandler
    void on(PaymentAuthorizationPendingEvent event) {
        operations.carryOut(
                new GatewayOperation(GatewayOperation.AUTHORIZE, event.paymentId(), null, null, event.amount()));
    }

    @EventHandler
    void on(PaymentCaptureRequestedEvent event) {
        operations.carryOut(new GatewayOperation(
                GatewayOperation.CAPTURE, event.paymentId(), null, event.gatewayReference(), event.amount()));
    }

    @EventHandler
    void on(PaymentVoidRequestedEvent event) {
        operations.carryOut(new GatewayOperation(
                GatewayOperation.VOID, event.paymentId(), null, event.gatewayReference(), event.amount()));
    }

    @EventHandler
    void on(PaymentRefundRequestedEvent event) {
        operations.carryOut(new GatewayOperation(
                GatewayOperation.REFUND,
                event.paymentId(),
                event.refundId(),
                event.gatewayReference(),
                event.amount()));
    }
}
