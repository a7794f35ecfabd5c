package io.tally.domain.payment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.tally.api.common.Money;
import io.tally.api.payment.AuthorizePaymentCommand;
import io.tally.api.payment.CapturePaymentCommand;
import io.tally.api.payment.ExpirePaymentAuthorizationCommand;
import io.tally.api.payment.PaymentAuthorizationPendingEvent;
import io.tally.api.payment.PaymentAuthorizedEvent;
import io.tally.api.payment.PaymentCaptureFailedEvent;
import io.tally.api.payment.PaymentCaptureRequestedEvent;
import io.tally.api.payment.PaymentCapturedEvent;
import io.tally.api.payment.PaymentDeclinedEvent;
import io.tally.api.payment.PaymentRefundFailedEvent;
import io.tally.api.payment.PaymentRefundRequestedEvent;
import io.tally.api.payment.PaymentRefundedEvent;
import io.tally.api.payment.PaymentStatus;
import io.tally.api.payment.PaymentView;
import io.tally.api.payment.PaymentVoidRequestedEvent;
import io.tally.api.payment.PaymentVoidedEvent;
import io.tally.api.payment.RecordPaymentAuthorizationCommand;
import io.tally.api.payment.RecordPaymentCaptureCommand;
import io.tally.api.payment.RecordPaymentRefundCommand;
import io.tally.api.payment.RecordPaymentVoidCommand;
import io.tally.api.payment.RefundPaymentCommand;
import io.tally.api.payment.VoidPaymentCommand;
import io.tally.domain.BusinessRuleViolation;
import io.tally.domain.InvalidCommandException;
import io.tally.domain.VersionMismatchException;
import io.tally.domain.history.Stateful;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One order's payment: authorised at the gateway, then voided or captured once for the authorised
 * amount, then refunded in parts or whole, never beyond what was captured.
 * <p>
 * The aggregate decides and records; it never calls the gateway. Each money movement is first
 * recorded as requested (authorisation pending, capture, void or refund requested), which the
 * payment processor carries out at the gateway under a key derived from the operation, and the
 * gateway's answer comes back as a {@code Record...} command. A command retried after losing a
 * concurrency race therefore repeats a decision, never a charge, and a record arriving twice
 * changes nothing the second time.
 */
@Aggregate(cache = "paymentCache")
public class Payment implements Stateful {

    public static final int MAX_TEXT_LENGTH = 500;
    /** The reason of the void that releases an approval that came after the payment was closed. */
    public static final String AUTHORIZED_AFTER_CLOSE = "authorized-after-close";

    /** Where one refund stands, for the caller waiting on it. */
    public enum RefundState {
        PENDING,
        REFUNDED,
        FAILED,
        UNKNOWN
    }

    /** A refund's state with the payment as it is now, and the gateway's code when it failed. */
    public record RefundOutcome(RefundState state, String code, PaymentView payment) {}

    private record HeldRefund(Money amount, String reason) {}

    @AggregateIdentifier
    private String paymentId;

    private String orderId;
    private PaymentStatus status;
    private Money authorized;
    private Money captured;
    private Money refunded;
    private String gatewayReference;
    private boolean closedWhilePending;
    private boolean captureRequested;
    private String voidRequested;
    private final Map<String, HeldRefund> heldRefunds = new LinkedHashMap<>();
    private final Map<String, String> settledRefunds = new HashMap<>();
    private long version;

    Payment() {
        // for Axon's event sourcing
    }

    @CommandHandler
    Payment(AuthorizePaymentCommand command) {
        apply(new PaymentAuthorizationPendingEvent(command.paymentId(), command.orderId(), command.amount()));
    }

    @CommandHandler
    PaymentView handle(RecordPaymentAuthorizationCommand command) {
        if (command.approved()) {
            if (status == PaymentStatus.PENDING) {
                apply(new PaymentAuthorizedEvent(paymentId, orderId, authorized, command.gatewayReference()));
            } else if (closedWhilePending && gatewayReference == null) {
                // the gateway approved after the deadline or a void: the hold is released at once
                apply(new PaymentAuthorizedEvent(paymentId, orderId, authorized, command.gatewayReference()));
                apply(new PaymentVoidRequestedEvent(
                        paymentId, orderId, authorized, AUTHORIZED_AFTER_CLOSE, command.gatewayReference()));
            }
        } else if (status == PaymentStatus.PENDING) {
            apply(PaymentDeclinedEvent.declined(paymentId, orderId, authorized, command.declineCode()));
        }
        return view();
    }

    @CommandHandler
    PaymentView handle(ExpirePaymentAuthorizationCommand command) {
        if (status == PaymentStatus.PENDING) {
            apply(PaymentDeclinedEvent.timedOut(paymentId, orderId, authorized));
        }
        return view();
    }

    @CommandHandler
    PaymentView handle(VoidPaymentCommand command) {
        switch (status) {
            case AUTHORIZED -> {
                if (captureRequested) {
                    throw new BusinessRuleViolation(
                            "payment-already-captured",
                            "payment " + paymentId + " is being captured; refund it instead");
                }
                if (voidRequested == null) {
                    apply(new PaymentVoidRequestedEvent(
                            paymentId, orderId, authorized, command.reason(), gatewayReference));
                }
            }
            // nothing is held at the gateway yet; should its approval still come, it is released then
            case PENDING -> apply(new PaymentVoidedEvent(paymentId, orderId, authorized, command.reason()));
            case CAPTURED, PARTIALLY_REFUNDED, REFUNDED ->
                throw new BusinessRuleViolation(
                        "payment-already-captured", "payment " + paymentId + " was captured; refund it instead");
            default -> {
                // declined or voided: nothing left to release
            }
        }
        return view();
    }

    @CommandHandler
    PaymentView handle(RecordPaymentVoidCommand command) {
        if (status == PaymentStatus.AUTHORIZED && voidRequested != null) {
            apply(new PaymentVoidedEvent(paymentId, orderId, authorized, voidRequested));
        }
        return view();
    }

    @CommandHandler
    PaymentView handle(CapturePaymentCommand command) {
        switch (status) {
            case AUTHORIZED -> {
                if (voidRequested != null) {
                    throw new BusinessRuleViolation(
                            "payment-not-authorized",
                            "payment " + paymentId + " is being voided and cannot be captured");
                }
                if (!captureRequested) {
                    apply(new PaymentCaptureRequestedEvent(paymentId, orderId, authorized, gatewayReference));
                }
            }
            case CAPTURED, PARTIALLY_REFUNDED, REFUNDED -> {
                // captured once already
            }
            default ->
                throw new BusinessRuleViolation(
                        "payment-not-authorized",
                        "payment " + paymentId + " is " + status.name().toLowerCase() + " and cannot be captured");
        }
        return view();
    }

    @CommandHandler
    PaymentView handle(RecordPaymentCaptureCommand command) {
        if (status == PaymentStatus.AUTHORIZED && captureRequested) {
            apply(
                    command.succeeded()
                            ? new PaymentCapturedEvent(paymentId, orderId, authorized)
                            : new PaymentCaptureFailedEvent(paymentId, orderId, authorized, command.code()));
        }
        return view();
    }

    @CommandHandler
    PaymentView handle(RefundPaymentCommand command) {
        VersionMismatchException.requireVersion(command.expectedVersion(), version);
        if (command.amount() == null
                || command.amount().amount() <= 0
                || command.amount().amount() > Money.MAX_AMOUNT) {
            throw new InvalidCommandException("amount.amount", "must be between 1 and " + Money.MAX_AMOUNT);
        }
        if (command.reason() == null
                || command.reason().isBlank()
                || command.reason().length() > MAX_TEXT_LENGTH) {
            throw new InvalidCommandException("reason", "must be 1 to " + MAX_TEXT_LENGTH + " characters");
        }
        if (heldRefunds.containsKey(command.refundId()) || settledRefunds.containsKey(command.refundId())) {
            return view(); // the same refund again: decided once
        }
        if (status != PaymentStatus.CAPTURED && status != PaymentStatus.PARTIALLY_REFUNDED) {
            throw new BusinessRuleViolation(
                    status == PaymentStatus.REFUNDED ? "refund-exceeds-captured" : "payment-not-captured",
                    "payment " + paymentId + " is " + status.name().toLowerCase()
                            + "; only captured money can be refunded");
        }
        if (!command.amount().currency().equals(captured.currency())) {
            throw new BusinessRuleViolation(
                    "currency-mismatch", "payment " + paymentId + " was captured in " + captured.currency());
        }
        Money held = heldRefunds.values().stream()
                .map(HeldRefund::amount)
                .reduce(Money.zero(captured.currency()), Money::plus);
        Money after = refunded.plus(held).plus(command.amount());
        if (after.isGreaterThan(captured)) {
            throw new BusinessRuleViolation(
                    "refund-exceeds-captured",
                    "refunding " + command.amount()
                            + " would bring refunds to " + after
                            + (held.amount() > 0 ? " (" + held + " still in progress)" : "")
                            + ", above the " + captured + " captured");
        }
        apply(new PaymentRefundRequestedEvent(
                paymentId, orderId, command.refundId(), command.amount(), command.reason(), gatewayReference));
        return view();
    }

    @CommandHandler
    PaymentView handle(RecordPaymentRefundCommand command) {
        HeldRefund held = heldRefunds.get(command.refundId());
        if (held != null) {
            apply(
                    command.succeeded()
                            ? new PaymentRefundedEvent(
                                    paymentId,
                                    orderId,
                                    command.refundId(),
                                    held.amount(),
                                    held.reason(),
                                    refunded.plus(held.amount()),
                                    captured)
                            : new PaymentRefundFailedEvent(
                                    paymentId, orderId, command.refundId(), held.amount(), command.code()));
        }
        return view();
    }

    /** Where the refund {@code refundId} stands now. */
    public RefundOutcome refund(String refundId) {
        if (heldRefunds.containsKey(refundId)) {
            return new RefundOutcome(RefundState.PENDING, null, view());
        }
        if (!settledRefunds.containsKey(refundId)) {
            return new RefundOutcome(RefundState.UNKNOWN, null, view());
        }
        String code = settledRefunds.get(refundId);
        return new RefundOutcome(code == null ? RefundState.REFUNDED : RefundState.FAILED, code, view());
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
        closedWhilePending = status == PaymentStatus.PENDING && event.timedOut();
        started(event.paymentId(), event.orderId(), event.amount(), PaymentStatus.DECLINED, sequence);
    }

    @EventSourcingHandler
    void on(PaymentVoidRequestedEvent event, @SequenceNumber long sequence) {
        voidRequested = event.reason();
        version = sequence;
    }

    @EventSourcingHandler
    void on(PaymentVoidedEvent event, @SequenceNumber long sequence) {
        closedWhilePending = closedWhilePending || status == PaymentStatus.PENDING;
        status = PaymentStatus.VOIDED;
        version = sequence;
    }

    @EventSourcingHandler
    void on(PaymentCaptureRequestedEvent event, @SequenceNumber long sequence) {
        captureRequested = true;
        version = sequence;
    }

    @EventSourcingHandler
    void on(PaymentCaptureFailedEvent event, @SequenceNumber long sequence) {
        captureRequested = false;
        version = sequence;
    }

    @EventSourcingHandler
    void on(PaymentCapturedEvent event, @SequenceNumber long sequence) {
        status = PaymentStatus.CAPTURED;
        captured = event.amount();
        captureRequested = false;
        version = sequence;
    }

    @EventSourcingHandler
    void on(PaymentRefundRequestedEvent event, @SequenceNumber long sequence) {
        heldRefunds.put(event.refundId(), new HeldRefund(event.amount(), event.reason()));
        version = sequence;
    }

    @EventSourcingHandler
    void on(PaymentRefundFailedEvent event, @SequenceNumber long sequence) {
        heldRefunds.remove(event.refundId());
        settledRefunds.put(event.refundId(), event.code() == null ? "refund_failed" : event.code());
        version = sequence;
    }

    @EventSourcingHandler
    void on(PaymentRefundedEvent event, @SequenceNumber long sequence) {
        heldRefunds.remove(event.refundId());
        settledRefunds.put(event.refundId(), null);
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
