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
import io.tally.api.payment.PaymentVoidedEvent;
import io.tally.api.payment.RefundPaymentCommand;
import io.tally.api.payment.VoidPaymentCommand;
import io.tally.domain.BusinessRuleViolation;
import io.tally.domain.InvalidCommandException;
import io.tally.domain.VersionMismatchException;
import io.tally.domain.payment.gateway.PaymentGateway;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentTest {

    private static final String PAYMENT = "pay_1";
    private static final String ORDER = "ord_1";
    private static final Money AMOUNT = Money.of(9041, "EUR");

    private final ScriptedGateway gateway = new ScriptedGateway();
    private AggregateTestFixture<Payment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Payment.class);
        fixture.registerInjectableResource(gateway);
    }

    private static PaymentAuthorizedEvent authorized() {
        return new PaymentAuthorizedEvent(PAYMENT, ORDER, AMOUNT, "auth_1");
    }

    private static PaymentCapturedEvent captured() {
        return new PaymentCapturedEvent(PAYMENT, ORDER, AMOUNT);
    }

    @Test
    void anApprovedAuthorisationIsRecordedWithTheGatewayReference() {
        gateway.answer = PaymentGateway.Authorization.approved("auth_1");
        fixture.givenNoPriorActivity().when(new AuthorizePaymentCommand(PAYMENT, ORDER, AMOUNT))
               .expectEvents(authorized());
    }

    @Test
    void aDeclineIsRecordedWithItsCode() {
        gateway.answer = PaymentGateway.Authorization.declined("card_declined");
        fixture.givenNoPriorActivity().when(new AuthorizePaymentCommand(PAYMENT, ORDER, AMOUNT))
               .expectEvents(PaymentDeclinedEvent.declined(PAYMENT, ORDER, AMOUNT, "card_declined"));
    }

    @Test
    void noAnswerLeavesThePaymentPendingUntilItExpires() {
        gateway.answer = PaymentGateway.Authorization.noAnswer();
        fixture.givenNoPriorActivity().when(new AuthorizePaymentCommand(PAYMENT, ORDER, AMOUNT))
               .expectEvents(new PaymentAuthorizationPendingEvent(PAYMENT, ORDER, AMOUNT));
        fixture.given(new PaymentAuthorizationPendingEvent(PAYMENT, ORDER, AMOUNT))
               .when(new ExpirePaymentAuthorizationCommand(PAYMENT))
               .expectEvents(PaymentDeclinedEvent.timedOut(PAYMENT, ORDER, AMOUNT));
        fixture.given(authorized()).when(new ExpirePaymentAuthorizationCommand(PAYMENT)).expectNoEvents();
    }

    @Test
    void voidsAnAuthorisationOnceAndNeverACapture() {
        fixture.given(authorized()).when(new VoidPaymentCommand(PAYMENT, "order-cancelled"))
               .expectEvents(new PaymentVoidedEvent(PAYMENT, ORDER, AMOUNT, "order-cancelled"));
        assertThat(gateway.calls).containsExactly("void auth_1");
        fixture.given(authorized(), new PaymentVoidedEvent(PAYMENT, ORDER, AMOUNT, "x"))
               .when(new VoidPaymentCommand(PAYMENT, "again")).expectNoEvents();
        fixture.given(authorized(), captured()).when(new VoidPaymentCommand(PAYMENT, "late"))
               .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void capturesTheAuthorisedAmountOnce() {
        fixture.given(authorized()).when(new CapturePaymentCommand(PAYMENT)).expectEvents(captured());
        fixture.given(authorized(), captured()).when(new CapturePaymentCommand(PAYMENT)).expectNoEvents();
        fixture.given(PaymentDeclinedEvent.declined(PAYMENT, ORDER, AMOUNT, "card_declined"))
               .when(new CapturePaymentCommand(PAYMENT)).expectException(BusinessRuleViolation.class);
    }

    @Test
    void refundsPartiallyThenFully() {
        fixture.given(authorized(), captured())
               .when(new RefundPaymentCommand(PAYMENT, "r1", Money.of(1000, "EUR"), "scratched", null))
               .expectEvents(new PaymentRefundedEvent(PAYMENT, ORDER, "r1", Money.of(1000, "EUR"), "scratched",
                       Money.of(1000, "EUR"), AMOUNT));
        fixture.given(authorized(), captured(), new PaymentRefundedEvent(PAYMENT, ORDER, "r1", Money.of(1000, "EUR"),
                        "scratched", Money.of(1000, "EUR"), AMOUNT))
               .when(new RefundPaymentCommand(PAYMENT, "r2", Money.of(8041, "EUR"), "returned", null))
               .expectEvents(new PaymentRefundedEvent(PAYMENT, ORDER, "r2", Money.of(8041, "EUR"), "returned",
                       AMOUNT, AMOUNT));
    }

    @Test
    void neverRefundsMoreThanWasCaptured() {
        fixture.given(authorized(), captured(), new PaymentRefundedEvent(PAYMENT, ORDER, "r1", Money.of(9000, "EUR"),
                        "x", Money.of(9000, "EUR"), AMOUNT))
               .when(new RefundPaymentCommand(PAYMENT, "r2", Money.of(42, "EUR"), "more", null))
               .expectException(BusinessRuleViolation.class).expectNoEvents();
        fixture.given(authorized(), captured(), new PaymentRefundedEvent(PAYMENT, ORDER, "r1", AMOUNT, "x", AMOUNT, AMOUNT))
               .when(new RefundPaymentCommand(PAYMENT, "r2", Money.of(1, "EUR"), "more", null))
               .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void refusesRefundsBeforeCaptureAndInAnotherCurrency() {
        fixture.given(authorized()).when(new RefundPaymentCommand(PAYMENT, "r1", Money.of(1, "EUR"), "x", null))
               .expectException(BusinessRuleViolation.class).expectNoEvents();
        fixture.given(authorized(), captured())
               .when(new RefundPaymentCommand(PAYMENT, "r1", Money.of(1, "USD"), "x", null))
               .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void refusesANonPositiveRefundAStaleVersionAndAMissingReason() {
        fixture.given(authorized(), captured()).when(new RefundPaymentCommand(PAYMENT, "r1", Money.of(0, "EUR"), "x", null))
               .expectException(InvalidCommandException.class);
        fixture.given(authorized(), captured()).when(new RefundPaymentCommand(PAYMENT, "r1", Money.of(5, "EUR"), "x", 0L))
               .expectException(VersionMismatchException.class);
        fixture.given(authorized(), captured()).when(new RefundPaymentCommand(PAYMENT, "r1", Money.of(5, "EUR"), "", null))
               .expectException(InvalidCommandException.class);
    }

    /** A gateway whose authorisation answer each test chooses, recording what it was asked. */
    static final class ScriptedGateway implements PaymentGateway {
        Authorization answer = Authorization.approved("auth_1");
        final List<String> calls = new ArrayList<>();

        @Override
        public Authorization authorize(String paymentId, Money amount) {
            calls.add("authorize " + paymentId);
            return answer;
        }

        @Override
        public void capture(String gatewayReference, Money amount) {
            calls.add("capture " + gatewayReference);
        }

        @Override
        public void voidAuthorization(String gatewayReference) {
            calls.add("void " + gatewayReference);
        }

        @Override
        public void refund(String gatewayReference, Money amount) {
            calls.add("refund " + gatewayReference);
        }
    }
}
