package io.tally.domain.payment;

import io.tally.api.common.Money;
import io.tally.api.payment.AuthorizePaymentCommand;
import io.tally.api.payment.CapturePaymentCommand;
import io.tally.api.payment.ExpirePaymentAuthorizationCommand;
import io.tally.api.payment.PaymentAuthorizationPendingEvent;
import io.tally.api.payment.PaymentAuthorizedEvent;
import io.tally.api.payment.PaymentCapturedEvent;
import io.tally.api.payment.PaymentDeclinedEvent;
import io.tally.api.payment.PaymentRefundedEvent;
import io.tally.api.payment.PaymentStatus;
import io.tally.api.payment.PaymentView;
import io.tally.api.payment.PaymentVoidedEvent;
import io.tally.api.payment.RefundPaymentCommand;
import io.tally.api.payment.VoidPaymentCommand;
import io.tally.domain.BusinessRuleViolation;
import io.tally.domain.history.Stateful;
import io.tally.domain.InvalidCommandException;
import io.tally.domain.VersionMismatchException;
import io.tally.domain.payment.gateway.PaymentGateway;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One order's payment: authorised through the gateway, then voided or captured once for the
 * authorised amount, then refunded in parts or whole, never beyond what was captured.
 */
@Aggregate
public class Payment implements Stateful {

    public static final int MAX_TEXT_LENGTH = 500;

    @AggregateIdentifier
    private String paymentId;
    private String orderId;
    private PaymentStatus status;
    private Money authorized;
    private Money captured;
    private Money refunded;
    private String gatewayReference;
    private long version;

    Payment() {
        // for Axon's event sourcing
    }

    @CommandHandler
    Payment(AuthorizePaymentCommand command, PaymentGateway gateway) {
        PaymentGateway.Authorization answer = gateway.authorize(command.paymentId(), command.amount());
        switch (answer.outcome()) {
            case APPROVED -> apply(new PaymentAuthorizedEvent(command.paymentId(), command.orderId(), command.amount(),
                    answer.reference()));
            case DECLINED -> apply(PaymentDeclinedEvent.declined(command.paymentId(), command.orderId(),
                    command.amount(), answer.declineCode()));
            case NO_ANSWER -> apply(new PaymentAuthorizationPendingEvent(command.paymentId(), command.orderId(),
                    command.amount()));
        }
    }

    @CommandHandler
    PaymentView handle(ExpirePaymentAuthorizationCommand command) {
        if (status == PaymentStatus.PENDING) {
            apply(PaymentDeclinedEvent.timedOut(paymentId, orderId, authorized));
        }
        return view();
    }

    @CommandHandler
    PaymentView handle(VoidPaymentCommand command, PaymentGateway gateway) {
        switch (status) {
            case AUTHORIZED -> {
                gateway.voidAuthorization(gatewayReference);
                apply(new PaymentVoidedEvent(paymentId, orderId, authorized, command.reason()));
            }
            case PENDING -> apply(new PaymentVoidedEvent(paymentId, orderId, authorized, command.reason()));
            case CAPTURED, PARTIALLY_REFUNDED, REFUNDED -> throw new BusinessRuleViolation("payment-already-captured",
                    "payment " + paymentId + " was captured; refund it instead");
            default -> {
                // declined or voided: nothing left to release
            }
        }
        return view();
    }

    @CommandHandler
    PaymentView handle(CapturePaymentCommand command, PaymentGateway gateway) {
        switch (status) {
            case AUTHORIZED -> {
                gateway.capture(gatewayReference, authorized);
                apply(new PaymentCapturedEvent(paymentId, orderId, authorized));
            }
            case CAPTURED, PARTIALLY_REFUNDED, REFUNDED -> {
                // captured once already
            }
            default -> throw new BusinessRuleViolation("payment-not-authorized", "payment " + paymentId + " is "
                    + status.name().toLowerCase() + " and cannot be captured");
        }
        return view();
    }

    @CommandHandler
    PaymentView handle(RefundPaymentCommand command, PaymentGateway gateway) {
        VersionMismatchException.requireVersion(command.expectedVersion(), version);
        if (command.amount() == null || command.amount().amount() <= 0 || command.amount().amount() > Money.MAX_AMOUNT) {
            throw new InvalidCommandException("amount.amount", "must be between 1 and " + Money.MAX_AMOUNT);
        }
        if (command.reason() == null || command.reason().isBlank() || command.reason().length() > MAX_TEXT_LENGTH) {
            throw new InvalidCommandException("reason", "must be 1 to " + MAX_TEXT_LENGTH + " characters");
        }
        if (status != PaymentStatus.CAPTURED && status != PaymentStatus.PARTIALLY_REFUNDED) {
            throw new BusinessRuleViolation(status == PaymentStatus.REFUNDED ? "refund-exceeds-captured"
                    : "payment-not-captured", "payment " + paymentId + " is " + status.name().toLowerCase()
                    + "; only captured money can be refunded");
        }
        if (!command.amount().currency().equals(captured.currency())) {
            throw new BusinessRuleViolation("currency-mismatch", "payment " + paymentId + " was captured in "
                    + captured.currency());
        }
        Money after = refunded.plus(command.amount());
        if (after.isGreaterThan(captured)) {
            throw new BusinessRuleViolation("refund-exceeds-captured", "refunding " + command.amount()
                    + " would bring refunds to " + after + ", above the " + captured + " captured");
        }
        gateway.refund(gatewayReference, command.amount());
        apply(new PaymentRefundedEvent(paymentId, orderId, command.refundId(), command.amount(), command.reason(),
                after, captured));
        return view();
    }

    @EventSourcingHandler
    void on(PaymentAuthorizedEvent event, @SequenceNumber long sequence) {
        started(event.paymentId(), event.orderId(), event.amount(), PaymentStatus.AUTHORIZED, sequence);
        gatewayReference = event.gatewayReference();
    }

    @EventSourcingHandler
    void on(PaymentAuthorizationPendingEvent event, @SequenceNumber long sequence) {
        started(event.paymentId(), event.orderId(), event.amount(), PaymentStatus.PENDING, sequence);
    }

    @EventSourcingHandler
    void on(PaymentDeclinedEvent event, @SequenceNumber long sequence) {
        started(event.paymentId(), event.orderId(), event.amount(), PaymentStatus.DECLINED, sequence);
    }

    @EventSourcingHandler
    void on(PaymentVoidedEvent event, @SequenceNumber long sequence) {
        status = PaymentStatus.VOIDED;
        version = sequence;
    }

    @EventSourcingHandler
    void on(PaymentCapturedEvent event, @SequenceNumber long sequence) {
        status = PaymentStatus.CAPTURED;
        captured = event.amount();
        version = sequence;
    }

    @EventSourcingHandler
    void on(PaymentRefundedEvent event, @SequenceNumber long sequence) {
        refunded = event.refundedTotal();
        status = PaymentStatus.afterRefunds(refunded, captured);
        version = sequence;
    }

    private void started(String id, String order, Money amount, PaymentStatus newStatus, long sequence) {
        if (paymentId == null) {
            paymentId = id;
            orderId = order;
            authorized = amount;
            captured = Money.zero(amount.currency());
            refunded = Money.zero(amount.currency());
        }
        status = newStatus;
        version = sequence;
    }

    @Override
    public PaymentView state() {
        return view();
    }

    private PaymentView view() {
        return new PaymentView(paymentId, orderId, status, authorized, captured, refunded, version);
    }
}
