package io.tally.domain.payment;

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
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every rule and refusal of the payment. The aggregate only decides and records: each money
 * movement is first requested, then recorded from the gateway's answer, and a record that comes
 * twice (a redelivery, a retry) changes nothing the second time. No gateway is injected: a handler
 * that tried to call one would fail to resolve it here.
 */
class PaymentTest {

    private static final String PAYMENT = "pay_1";
    private static final String ORDER = "ord_1";
    private static final Money AMOUNT = Money.of(9041, "EUR");

    private AggregateTestFixture<Payment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Payment.class);
    }

    private static PaymentAuthorizationPendingEvent pending() {
        return new PaymentAuthorizationPendingEvent(PAYMENT, ORDER, AMOUNT);
    }

    private static PaymentAuthorizedEvent authorized() {
        return new PaymentAuthorizedEvent(PAYMENT, ORDER, AMOUNT, "pi_1");
    }

    private static PaymentCaptureRequestedEvent captureRequested() {
        return new PaymentCaptureRequestedEvent(PAYMENT, ORDER, AMOUNT, "pi_1");
    }

    private static PaymentCapturedEvent captured() {
        return new PaymentCapturedEvent(PAYMENT, ORDER, AMOUNT);
    }

    private static PaymentRefundRequestedEvent refundRequested(String id, long amount, String reason) {
        return new PaymentRefundRequestedEvent(PAYMENT, ORDER, id, Money.of(amount, "EUR"), reason, "pi_1");
    }

    @Test
    void anAuthorisationIsRequestedAndWaitsForTheGateway() {
        fixture.givenNoPriorActivity()
                .when(new AuthorizePaymentCommand(PAYMENT, ORDER, AMOUNT))
                .expectEvents(pending());
    }

    @Test
    void theGatewaysApprovalOrDeclineIsRecordedOnce() {
        fixture.given(pending())
                .when(new RecordPaymentAuthorizationCommand(PAYMENT, true, "pi_1", null))
                .expectEvents(authorized());
        fixture.given(pending(), authorized())
                .when(new RecordPaymentAuthorizationCommand(PAYMENT, true, "pi_1", null))
                .expectNoEvents();
        fixture.given(pending())
                .when(new RecordPaymentAuthorizationCommand(PAYMENT, false, null, "card_declined"))
                .expectEvents(PaymentDeclinedEvent.declined(PAYMENT, ORDER, AMOUNT, "card_declined"));
        fixture.given(pending(), PaymentDeclinedEvent.declined(PAYMENT, ORDER, AMOUNT, "card_declined"))
                .when(new RecordPaymentAuthorizationCommand(PAYMENT, false, null, "card_declined"))
                .expectNoEvents();
    }

    @Test
    void aPendingAuthorisationExpiresAndAnApprovalAfterThatIsReleased() {
        fixture.given(pending())
                .when(new ExpirePaymentAuthorizationCommand(PAYMENT))
                .expectEvents(PaymentDeclinedEvent.timedOut(PAYMENT, ORDER, AMOUNT));
        fixture.given(authorized())
                .when(new ExpirePaymentAuthorizationCommand(PAYMENT))
                .expectNoEvents();
        fixture.given(pending(), PaymentDeclinedEvent.timedOut(PAYMENT, ORDER, AMOUNT))
                .when(new RecordPaymentAuthorizationCommand(PAYMENT, true, "pi_1", null))
                .expectEvents(
                        authorized(),
                        new PaymentVoidRequestedEvent(PAYMENT, ORDER, AMOUNT, Payment.AUTHORIZED_AFTER_CLOSE, "pi_1"));
        fixture.given(pending(), new PaymentVoidedEvent(PAYMENT, ORDER, AMOUNT, "order-cancelled"))
                .when(new RecordPaymentAuthorizationCommand(PAYMENT, true, "pi_1", null))
                .expectEvents(
                        authorized(),
                        new PaymentVoidRequestedEvent(PAYMENT, ORDER, AMOUNT, Payment.AUTHORIZED_AFTER_CLOSE, "pi_1"));
        // a real decline is final: the same key never answers otherwise
        fixture.given(pending(), PaymentDeclinedEvent.declined(PAYMENT, ORDER, AMOUNT, "card_declined"))
                .when(new RecordPaymentAuthorizationCommand(PAYMENT, true, "pi_1", null))
                .expectNoEvents();
    }

    @Test
    void voidsAnAuthorisationOnceAndNeverACapture() {
        fixture.given(pending(), authorized())
                .when(new VoidPaymentCommand(PAYMENT, "order-cancelled"))
                .expectEvents(new PaymentVoidRequestedEvent(PAYMENT, ORDER, AMOUNT, "order-cancelled", "pi_1"));
        fixture.given(
                        pending(),
                        authorized(),
                        new PaymentVoidRequestedEvent(PAYMENT, ORDER, AMOUNT, "order-cancelled", "pi_1"))
                .when(new VoidPaymentCommand(PAYMENT, "again"))
                .expectNoEvents();
        fixture.given(
                        pending(),
                        authorized(),
                        new PaymentVoidRequestedEvent(PAYMENT, ORDER, AMOUNT, "order-cancelled", "pi_1"))
                .when(new RecordPaymentVoidCommand(PAYMENT))
                .expectEvents(new PaymentVoidedEvent(PAYMENT, ORDER, AMOUNT, "order-cancelled"));
        fixture.given(
                        pending(),
                        authorized(),
                        new PaymentVoidRequestedEvent(PAYMENT, ORDER, AMOUNT, "order-cancelled", "pi_1"),
                        new PaymentVoidedEvent(PAYMENT, ORDER, AMOUNT, "order-cancelled"))
                .when(new RecordPaymentVoidCommand(PAYMENT))
                .expectNoEvents();
        fixture.given(pending())
                .when(new VoidPaymentCommand(PAYMENT, "order-cancelled"))
                .expectEvents(new PaymentVoidedEvent(PAYMENT, ORDER, AMOUNT, "order-cancelled"));
        fixture.given(pending(), authorized(), captureRequested())
                .when(new VoidPaymentCommand(PAYMENT, "late"))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
        fixture.given(pending(), authorized(), captureRequested(), captured())
                .when(new VoidPaymentCommand(PAYMENT, "late"))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
        fixture.given(pending()).when(new RecordPaymentVoidCommand(PAYMENT)).expectNoEvents();
    }

    @Test
    void capturesTheAuthorisedAmountOnce() {
        fixture.given(pending(), authorized())
                .when(new CapturePaymentCommand(PAYMENT))
                .expectEvents(captureRequested());
        fixture.given(pending(), authorized(), captureRequested())
                .when(new CapturePaymentCommand(PAYMENT))
                .expectNoEvents();
        fixture.given(pending(), authorized(), captureRequested())
                .when(new RecordPaymentCaptureCommand(PAYMENT, true, null))
                .expectEvents(captured());
        fixture.given(pending(), authorized(), captureRequested(), captured())
                .when(new RecordPaymentCaptureCommand(PAYMENT, true, null))
                .expectNoEvents();
        fixture.given(pending(), authorized(), captureRequested(), captured())
                .when(new CapturePaymentCommand(PAYMENT))
                .expectNoEvents();
        fixture.given(pending(), PaymentDeclinedEvent.declined(PAYMENT, ORDER, AMOUNT, "card_declined"))
                .when(new CapturePaymentCommand(PAYMENT))
                .expectException(BusinessRuleViolation.class);
        fixture.given(pending()).when(new CapturePaymentCommand(PAYMENT)).expectException(BusinessRuleViolation.class);
        fixture.given(
                        pending(),
                        authorized(),
                        new PaymentVoidRequestedEvent(PAYMENT, ORDER, AMOUNT, "order-cancelled", "pi_1"))
                .when(new CapturePaymentCommand(PAYMENT))
                .expectException(BusinessRuleViolation.class);
        fixture.given(pending(), authorized())
                .when(new RecordPaymentCaptureCommand(PAYMENT, true, null))
                .expectNoEvents();
    }

    @Test
    void aRefusedCaptureIsRecordedAndCanBeAskedForAgain() {
        fixture.given(pending(), authorized(), captureRequested())
                .when(new RecordPaymentCaptureCommand(PAYMENT, false, "payment_intent_unexpected_state"))
                .expectEvents(new PaymentCaptureFailedEvent(PAYMENT, ORDER, AMOUNT, "payment_intent_unexpected_state"));
        fixture.given(
                        pending(),
                        authorized(),
                        captureRequested(),
                        new PaymentCaptureFailedEvent(PAYMENT, ORDER, AMOUNT, "x"))
                .when(new CapturePaymentCommand(PAYMENT))
                .expectEvents(captureRequested());
    }

    @Test
    void refundsPartiallyThenFully() {
        fixture.given(pending(), authorized(), captureRequested(), captured())
                .when(new RefundPaymentCommand(PAYMENT, "r1", Money.of(1000, "EUR"), "scratched", null))
                .expectEvents(refundRequested("r1", 1000, "scratched"));
        fixture.given(pending(), authorized(), captureRequested(), captured(), refundRequested("r1", 1000, "scratched"))
                .when(new RecordPaymentRefundCommand(PAYMENT, "r1", true, null))
                .expectEvents(new PaymentRefundedEvent(
                        PAYMENT, ORDER, "r1", Money.of(1000, "EUR"), "scratched", Money.of(1000, "EUR"), AMOUNT));
        fixture.given(
                        pending(),
                        authorized(),
                        captureRequested(),
                        captured(),
                        refundRequested("r1", 1000, "scratched"),
                        new PaymentRefundedEvent(
                                PAYMENT,
                                ORDER,
                                "r1",
                                Money.of(1000, "EUR"),
                                "scratched",
                                Money.of(1000, "EUR"),
                                AMOUNT))
                .when(new RecordPaymentRefundCommand(PAYMENT, "r1", true, null))
                .expectNoEvents();
        fixture.given(
                        pending(),
                        authorized(),
                        captureRequested(),
                        captured(),
                        refundRequested("r1", 1000, "scratched"),
                        new PaymentRefundedEvent(
                                PAYMENT,
                                ORDER,
                                "r1",
                                Money.of(1000, "EUR"),
                                "scratched",
                                Money.of(1000, "EUR"),
                                AMOUNT),
                        refundRequested("r2", 8041, "returned"))
                .when(new RecordPaymentRefundCommand(PAYMENT, "r2", true, null))
                .expectEvents(new PaymentRefundedEvent(
                        PAYMENT, ORDER, "r2", Money.of(8041, "EUR"), "returned", AMOUNT, AMOUNT));
    }

    @Test
    void refundsInProgressCountAgainstWhatWasCaptured() {
        fixture.given(pending(), authorized(), captureRequested(), captured(), refundRequested("r1", 9000, "x"))
                .when(new RefundPaymentCommand(PAYMENT, "r2", Money.of(42, "EUR"), "more", null))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
        fixture.given(
                        pending(),
                        authorized(),
                        captureRequested(),
                        captured(),
                        refundRequested("r1", 9000, "x"),
                        new PaymentRefundFailedEvent(PAYMENT, ORDER, "r1", Money.of(9000, "EUR"), "declined"))
                .when(new RefundPaymentCommand(PAYMENT, "r2", Money.of(42, "EUR"), "more", null))
                .expectEvents(refundRequested("r2", 42, "more"));
        fixture.given(pending(), authorized(), captureRequested(), captured(), refundRequested("r1", 9000, "x"))
                .when(new RecordPaymentRefundCommand(PAYMENT, "r1", false, "charge_already_refunded"))
                .expectEvents(new PaymentRefundFailedEvent(
                        PAYMENT, ORDER, "r1", Money.of(9000, "EUR"), "charge_already_refunded"));
        fixture.given(pending(), authorized(), captureRequested(), captured(), refundRequested("r1", 9000, "x"))
                .when(new RefundPaymentCommand(PAYMENT, "r1", Money.of(9000, "EUR"), "x", null))
                .expectNoEvents();
        fixture.given(pending(), authorized(), captureRequested(), captured())
                .when(new RecordPaymentRefundCommand(PAYMENT, "nope", true, null))
                .expectNoEvents();
    }

    @Test
    void neverRefundsMoreThanWasCaptured() {
        fixture.given(
                        pending(),
                        authorized(),
                        captureRequested(),
                        captured(),
                        refundRequested("r1", 9000, "x"),
                        new PaymentRefundedEvent(
                                PAYMENT, ORDER, "r1", Money.of(9000, "EUR"), "x", Money.of(9000, "EUR"), AMOUNT))
                .when(new RefundPaymentCommand(PAYMENT, "r2", Money.of(42, "EUR"), "more", null))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
        fixture.given(
                        pending(),
                        authorized(),
                        captureRequested(),
                        captured(),
                        refundRequested("r1", 9041, "x"),
                        new PaymentRefundedEvent(PAYMENT, ORDER, "r1", AMOUNT, "x", AMOUNT, AMOUNT))
                .when(new RefundPaymentCommand(PAYMENT, "r2", Money.of(1, "EUR"), "more", null))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void refusesRefundsBeforeCaptureAndInAnotherCurrency() {
        fixture.given(pending(), authorized())
                .when(new RefundPaymentCommand(PAYMENT, "r1", Money.of(1, "EUR"), "x", null))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
        fixture.given(pending(), authorized(), captureRequested())
                .when(new RefundPaymentCommand(PAYMENT, "r1", Money.of(1, "EUR"), "x", null))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
        fixture.given(pending(), authorized(), captureRequested(), captured())
                .when(new RefundPaymentCommand(PAYMENT, "r1", Money.of(1, "USD"), "x", null))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void refusesANonPositiveRefundAStaleVersionAndAMissingReason() {
        fixture.given(pending(), authorized(), captureRequested(), captured())
                .when(new RefundPaymentCommand(PAYMENT, "r1", Money.of(0, "EUR"), "x", null))
                .expectException(InvalidCommandException.class);
        fixture.given(pending(), authorized(), captureRequested(), captured())
                .when(new RefundPaymentCommand(PAYMENT, "r1", Money.of(5, "EUR"), "x", 0L))
                .expectException(VersionMismatchException.class);
        fixture.given(pending(), authorized(), captureRequested(), captured())
                .when(new RefundPaymentCommand(PAYMENT, "r1", Money.of(5, "EUR"), "", null))
                .expectException(InvalidCommandException.class);
    }
}
