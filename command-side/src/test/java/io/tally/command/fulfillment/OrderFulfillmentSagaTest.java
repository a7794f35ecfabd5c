package io.tally.command.fulfillment;

import io.tally.api.common.Money;
import io.tally.api.inventory.CommitStockCommand;
import io.tally.api.inventory.ItemQuote;
import io.tally.api.inventory.ReleaseStockCommand;
import io.tally.api.inventory.ReserveStockCommand;
import io.tally.api.inventory.StockReservationRejectedEvent;
import io.tally.api.inventory.StockReservedEvent;
import io.tally.api.order.ConfirmOrderCommand;
import io.tally.api.order.OrderCancelledEvent;
import io.tally.api.order.OrderConfirmedEvent;
import io.tally.api.order.OrderPlacedEvent;
import io.tally.api.order.OrderRejectedEvent;
import io.tally.api.order.OrderShippedEvent;
import io.tally.api.order.OrderStatus;
import io.tally.api.order.RejectOrderCommand;
import io.tally.api.payment.AuthorizePaymentCommand;
import io.tally.api.payment.CapturePaymentCommand;
import io.tally.api.payment.ExpirePaymentAuthorizationCommand;
import io.tally.api.payment.PaymentAuthorizedEvent;
import io.tally.api.payment.PaymentDeclinedEvent;
import io.tally.api.payment.PaymentStatus;
import io.tally.api.payment.PaymentView;
import io.tally.api.payment.VoidPaymentCommand;
import io.tally.domain.order.pricing.OrderPricing;
import java.time.Duration;
import java.util.List;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderFulfillmentSagaTest {

    private static final String ORDER = "ord_1";
    private static final String PAYMENT = "pay_1";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private SagaTestFixture<OrderFulfillmentSaga> fixture;
    private Money total;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(OrderFulfillmentSaga.class);
        fixture.registerResource(new FulfillmentProperties(TIMEOUT));
    }

    private static final OrderPricing.QuotedLine BOOKS =
            new OrderPricing.QuotedLine(new ItemQuote("BOOK", "Book", Money.of(3999, "EUR"), 700), 2);
    private static final OrderPricing.QuotedLine PENS =
            new OrderPricing.QuotedLine(new ItemQuote("PEN", "Pen", Money.of(1250, "EUR"), 1900), 5);

    private OrderPlacedEvent placed() {
        return placed(BOOKS, PENS);
    }

    private OrderPlacedEvent placed(OrderPricing.QuotedLine... lines) {
        OrderPricing.PricedOrder priced = OrderPricing.price("EUR", List.of(lines), null);
        total = priced.totals().total();
        return new OrderPlacedEvent(
                ORDER, "cus_1", "Ada", "ada@example.com", "EUR", priced.lines(), null, priced.totals(), PAYMENT);
    }

    private static StockReservedEvent reserved(String sku, long quantity) {
        return new StockReservedEvent(sku, ORDER, quantity, quantity);
    }

    private PaymentAuthorizedEvent authorized() {
        return new PaymentAuthorizedEvent(PAYMENT, ORDER, total, "auth_1");
    }

    @Test
    void aPlacedOrderReservesEveryLine() {
        fixture.givenNoPriorActivity()
                .whenAggregate(ORDER)
                .publishes(placed())
                .expectActiveSagas(1)
                .expectDispatchedCommands(
                        new ReserveStockCommand("BOOK", ORDER, 2), new ReserveStockCommand("PEN", ORDER, 5));
    }

    /** Lines in any order are reserved and committed in one order, so two sagas never deadlock. */
    @Test
    void itemsAreReservedInOneOrderWhateverTheOrderOfTheLines() {
        fixture.givenNoPriorActivity()
                .whenAggregate(ORDER)
                .publishes(placed(PENS, BOOKS))
                .expectDispatchedCommands(
                        new ReserveStockCommand("BOOK", ORDER, 2), new ReserveStockCommand("PEN", ORDER, 5));
    }

    @Test
    void anOrderForAnItemNoLongerKnownIsRejectedInsteadOfBlockingTheSagas() {
        fixture.setCallbackBehavior((command, metaData) -> {
            if (command instanceof ReserveStockCommand reserve && reserve.sku().equals("PEN")) {
                throw new org.axonframework.modelling.command.AggregateNotFoundException("PEN", "no such item");
            }
            return null;
        });
        fixture.givenNoPriorActivity()
                .whenAggregate(ORDER)
                .publishes(placed())
                .expectDispatchedCommands(
                        new ReserveStockCommand("BOOK", ORDER, 2),
                        new ReserveStockCommand("PEN", ORDER, 5),
                        new RejectOrderCommand(ORDER, "unknown-sku", "PEN is not a registered item"));
    }

    @Test
    void anOrderThatRefusesItsRejectionEndsTheSagaInsteadOfBlockingTheOthers() {
        fixture.setCallbackBehavior((command, metaData) -> {
            if (command instanceof ReserveStockCommand) {
                throw new org.axonframework.modelling.command.AggregateNotFoundException("BOOK", "no such item");
            }
            if (command instanceof RejectOrderCommand) {
                throw new IllegalStateException("the order was shipped");
            }
            return null;
        });
        fixture.givenNoPriorActivity()
                .whenAggregate(ORDER)
                .publishes(placed())
                .expectActiveSagas(0)
                .expectDispatchedCommands(
                        new ReserveStockCommand("BOOK", ORDER, 2),
                        new RejectOrderCommand(ORDER, "unknown-sku", "BOOK is not a registered item"));
    }

    @Test
    void whenEveryLineIsReservedThePaymentIsAuthorisedUnderADeadline() {
        fixture.givenAggregate(ORDER)
                .published(placed())
                .andThenAggregate("BOOK")
                .published(reserved("BOOK", 2))
                .whenAggregate("PEN")
                .publishes(reserved("PEN", 5))
                .expectDispatchedCommands(new AuthorizePaymentCommand(PAYMENT, ORDER, total))
                .expectScheduledDeadlineWithName(TIMEOUT, OrderFulfillmentSaga.PAYMENT_DEADLINE);
    }

    @Test
    void anAuthorisedPaymentConfirmsTheOrderAndCancelsTheDeadline() {
        fixture.givenAggregate(ORDER)
                .published(placed())
                .andThenAggregate("BOOK")
                .published(reserved("BOOK", 2))
                .andThenAggregate("PEN")
                .published(reserved("PEN", 5))
                .whenAggregate(PAYMENT)
                .publishes(authorized())
                .expectDispatchedCommands(new ConfirmOrderCommand(ORDER))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(1);
    }

    @Test
    void outOfStockOnTheSecondLineReleasesTheFirstAndRejects() {
        fixture.givenAggregate(ORDER)
                .published(placed())
                .andThenAggregate("BOOK")
                .published(reserved("BOOK", 2))
                .whenAggregate("PEN")
                .publishes(new StockReservationRejectedEvent("PEN", ORDER, 5, 1))
                .expectDispatchedCommands(
                        new ReleaseStockCommand("BOOK", ORDER, "insufficient-stock"),
                        new RejectOrderCommand(ORDER, "insufficient-stock", "only 1 of PEN available, 5 ordered"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aPaymentThatTimedOutRejectsAsATimeoutNotADecline() {
        fixture.givenAggregate(ORDER)
                .published(placed())
                .andThenAggregate("BOOK")
                .published(reserved("BOOK", 2))
                .andThenAggregate("PEN")
                .published(reserved("PEN", 5))
                .whenAggregate(PAYMENT)
                .publishes(PaymentDeclinedEvent.timedOut(PAYMENT, ORDER, total))
                .expectDispatchedCommands(
                        new ReleaseStockCommand("BOOK", ORDER, "payment-timeout"),
                        new ReleaseStockCommand("PEN", ORDER, "payment-timeout"),
                        new RejectOrderCommand(ORDER, "payment-timeout", "the payment gateway did not answer in time"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aDeclinedPaymentReleasesAllStockAndRejects() {
        fixture.givenAggregate(ORDER)
                .published(placed())
                .andThenAggregate("BOOK")
                .published(reserved("BOOK", 2))
                .andThenAggregate("PEN")
                .published(reserved("PEN", 5))
                .whenAggregate(PAYMENT)
                .publishes(PaymentDeclinedEvent.declined(PAYMENT, ORDER, total, "card_declined"))
                .expectDispatchedCommands(
                        new ReleaseStockCommand("BOOK", ORDER, "payment-declined"),
                        new ReleaseStockCommand("PEN", ORDER, "payment-declined"),
                        new RejectOrderCommand(ORDER, "payment-declined", "the payment gateway answered card_declined"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void noAnswerWithinTheDeadlineExpiresThePaymentReleasesStockAndRejects() {
        fixture.givenAggregate(ORDER)
                .published(placed())
                .andThenAggregate("BOOK")
                .published(reserved("BOOK", 2))
                .andThenAggregate("PEN")
                .published(reserved("PEN", 5))
                .whenTimeElapses(TIMEOUT.plusSeconds(1))
                .expectTriggeredDeadlinesWithName(OrderFulfillmentSaga.PAYMENT_DEADLINE)
                .expectDispatchedCommands(
                        new ExpirePaymentAuthorizationCommand(PAYMENT),
                        new ReleaseStockCommand("BOOK", ORDER, "payment-timeout"),
                        new ReleaseStockCommand("PEN", ORDER, "payment-timeout"),
                        new RejectOrderCommand(
                                ORDER, "payment-timeout", "the payment gateway did not answer within PT30S"));
    }

    @Test
    void aDeadlineFiringAfterTheGatewayAnsweredButBeforeTheSagaHeardOfItDoesNotReject() {
        fixture.setCallbackBehavior((command, metaData) -> command instanceof ExpirePaymentAuthorizationCommand
                ? new PaymentView(
                        PAYMENT, ORDER, PaymentStatus.AUTHORIZED, total, Money.of(0, "EUR"), Money.of(0, "EUR"), 1)
                : null);
        fixture.givenAggregate(ORDER)
                .published(placed())
                .andThenAggregate("BOOK")
                .published(reserved("BOOK", 2))
                .andThenAggregate("PEN")
                .published(reserved("PEN", 5))
                .whenTimeElapses(TIMEOUT.plusSeconds(1))
                .expectTriggeredDeadlinesWithName(OrderFulfillmentSaga.PAYMENT_DEADLINE)
                .expectDispatchedCommands(new ExpirePaymentAuthorizationCommand(PAYMENT))
                .expectActiveSagas(1);
    }

    @Test
    void theExpiryItCausedDoesNotRejectTwice() throws Exception {
        fixture.givenAggregate(ORDER)
                .published(placed())
                .andThenAggregate("BOOK")
                .published(reserved("BOOK", 2))
                .andThenAggregate("PEN")
                .published(reserved("PEN", 5))
                .andThenTimeElapses(TIMEOUT.plusSeconds(1))
                .whenAggregate(PAYMENT)
                .publishes(PaymentDeclinedEvent.timedOut(PAYMENT, ORDER, total))
                .expectNoDispatchedCommands();
    }

    @Test
    void cancellingBeforeConfirmationReleasesWhatWasReservedAndEnds() {
        fixture.givenAggregate(ORDER)
                .published(placed())
                .andThenAggregate("BOOK")
                .published(reserved("BOOK", 2))
                .whenAggregate(ORDER)
                .publishes(new OrderCancelledEvent(ORDER, "changed my mind", OrderStatus.PLACED))
                .expectDispatchedCommands(new ReleaseStockCommand("BOOK", ORDER, "order-cancelled"))
                .expectActiveSagas(0);
    }

    @Test
    void aReservationArrivingAfterCancellationIsReleased() {
        fixture.givenAggregate(ORDER)
                .published(placed())
                .andThenAggregate("BOOK")
                .published(reserved("BOOK", 2))
                .andThenAggregate("PEN")
                .published(new StockReservationRejectedEvent("PEN", ORDER, 5, 0))
                .whenAggregate("BOOK")
                .publishes(reserved("BOOK", 2))
                .expectDispatchedCommands(new ReleaseStockCommand("BOOK", ORDER, "order-closed"));
    }

    @Test
    void cancellingAfterConfirmationReleasesStockAndVoidsThePayment() {
        fixture.givenAggregate(ORDER)
                .published(placed())
                .andThenAggregate("BOOK")
                .published(reserved("BOOK", 2))
                .andThenAggregate("PEN")
                .published(reserved("PEN", 5))
                .andThenAggregate(PAYMENT)
                .published(authorized())
                .andThenAggregate(ORDER)
                .published(new OrderConfirmedEvent(ORDER, PAYMENT))
                .whenAggregate(ORDER)
                .publishes(new OrderCancelledEvent(ORDER, "changed my mind", OrderStatus.CONFIRMED))
                .expectDispatchedCommands(
                        new ReleaseStockCommand("BOOK", ORDER, "order-cancelled"),
                        new ReleaseStockCommand("PEN", ORDER, "order-cancelled"),
                        new VoidPaymentCommand(PAYMENT, "order-cancelled"))
                .expectActiveSagas(0);
    }

    /** The reservations came in PEN first: the stock is still committed in SKU order (no deadlocks). */
    @Test
    void shippingCommitsTheStockCapturesThePaymentAndEnds() {
        fixture.givenAggregate(ORDER)
                .published(placed(PENS, BOOKS))
                .andThenAggregate("PEN")
                .published(reserved("PEN", 5))
                .andThenAggregate("BOOK")
                .published(reserved("BOOK", 2))
                .andThenAggregate(PAYMENT)
                .published(authorized())
                .andThenAggregate(ORDER)
                .published(new OrderConfirmedEvent(ORDER, PAYMENT))
                .whenAggregate(ORDER)
                .publishes(new OrderShippedEvent(ORDER, "DHL", "JD0001"))
                .expectDispatchedCommands(
                        new CommitStockCommand("BOOK", ORDER),
                        new CommitStockCommand("PEN", ORDER),
                        new CapturePaymentCommand(PAYMENT))
                .expectActiveSagas(0);
    }

    @Test
    void aRedeliveredReservationDoesNothingTwice() {
        fixture.givenAggregate(ORDER)
                .published(placed())
                .andThenAggregate("BOOK")
                .published(reserved("BOOK", 2))
                .andThenAggregate("PEN")
                .published(reserved("PEN", 5))
                .whenAggregate("PEN")
                .publishes(reserved("PEN", 5))
                .expectNoDispatchedCommands();
    }

    @Test
    void theRejectionEndsTheSaga() {
        fixture.givenAggregate(ORDER)
                .published(placed())
                .whenAggregate(ORDER)
                .publishes(new OrderRejectedEvent(ORDER, "insufficient-stock", "x"))
                .expectActiveSagas(0);
    }
}
