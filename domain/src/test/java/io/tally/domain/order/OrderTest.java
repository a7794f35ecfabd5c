package io.tally.domain.order;

import io.tally.api.common.Money;
import io.tally.api.inventory.ItemQuote;
import io.tally.api.order.CancelOrderCommand;
import io.tally.api.order.ConfirmOrderCommand;
import io.tally.api.order.OrderCancelledEvent;
import io.tally.api.order.OrderConfirmedEvent;
import io.tally.api.order.OrderLine;
import io.tally.api.order.OrderPlacedEvent;
import io.tally.api.order.OrderRejectedEvent;
import io.tally.api.order.OrderShippedEvent;
import io.tally.api.order.OrderStatus;
import io.tally.api.order.OrderTotals;
import io.tally.api.order.PlaceOrderCommand;
import io.tally.api.order.RejectOrderCommand;
import io.tally.api.order.ShipOrderCommand;
import io.tally.domain.BusinessRuleViolation;
import io.tally.domain.InvalidCommandException;
import io.tally.domain.VersionMismatchException;
import io.tally.domain.order.pricing.OrderPricing;
import io.tally.domain.privacy.PersonalDataVault;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderTest {

    private static final String ORDER = "ord_1";
    private static final String PAYMENT = "pay_1";

    private AggregateTestFixture<Order> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
        // sealing is the vault's business (tested with the real one end to end); here it only marks
        fixture.registerInjectableResource((PersonalDataVault) (customerId, values) ->
                values.stream().map(value -> "sealed[" + value + "]").toList());
    }

    private static OrderPricing.PricedOrder priced(int lines) {
        List<OrderPricing.QuotedLine> quoted = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            quoted.add(new OrderPricing.QuotedLine(
                    new ItemQuote("SKU-" + i, "Item " + i, Money.of(1000, "EUR"), 2000), 2));
        }
        return OrderPricing.price("EUR", quoted, null);
    }

    private static PlaceOrderCommand place(OrderPricing.PricedOrder priced) {
        return new PlaceOrderCommand(
                ORDER, "cus_1", "Ada", "ada@example.com", "EUR", priced.lines(), null, priced.totals(), PAYMENT);
    }

    private static OrderPlacedEvent placed() {
        OrderPricing.PricedOrder priced = priced(2);
        return new OrderPlacedEvent(
                ORDER,
                "cus_1",
                "sealed[Ada]",
                "sealed[ada@example.com]",
                "EUR",
                priced.lines(),
                null,
                priced.totals(),
                PAYMENT);
    }

    @Test
    void placesAnOrderWithItsPricedLines() {
        OrderPricing.PricedOrder priced = priced(2);
        fixture.givenNoPriorActivity().when(place(priced)).expectEvents(placed());
    }

    @Test
    void refusesAnOrderWithoutLinesOrWithTooMany() {
        fixture.givenNoPriorActivity()
                .when(place(new OrderPricing.PricedOrder(List.of(), priced(0).totals())))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(place(priced(101)))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
        fixture.givenNoPriorActivity().when(place(priced(100))).expectSuccessfulHandlerExecution();
    }

    @Test
    void refusesQuantitiesOutsideOneToTenThousand() {
        OrderPricing.PricedOrder tooMany = OrderPricing.price(
                "EUR",
                List.of(new OrderPricing.QuotedLine(new ItemQuote("A", "A", Money.of(1, "EUR"), 0), 10_001)),
                null);
        fixture.givenNoPriorActivity()
                .when(place(tooMany))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void refusesLinesInAnotherCurrency() {
        OrderPricing.PricedOrder dollars = OrderPricing.price(
                "USD", List.of(new OrderPricing.QuotedLine(new ItemQuote("A", "A", Money.of(100, "USD"), 0), 1)), null);
        fixture.givenNoPriorActivity()
                .when(place(dollars))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void refusesLinesWhoseArithmeticDoesNotAddUp() {
        OrderPricing.PricedOrder priced = priced(1);
        OrderLine line = priced.lines().get(0);
        OrderLine cheap = new OrderLine(
                line.sku(),
                line.name(),
                line.quantity(),
                line.unitPrice(),
                line.taxRateBasisPoints(),
                Money.of(1, "EUR"),
                line.discount(),
                line.tax(),
                line.total());
        fixture.givenNoPriorActivity()
                .when(place(new OrderPricing.PricedOrder(List.of(cheap), priced.totals())))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
        OrderTotals wrongTotals = new OrderTotals(
                priced.totals().subtotal(),
                priced.totals().discount(),
                priced.totals().tax(),
                Money.of(1, "EUR"));
        fixture.givenNoPriorActivity()
                .when(place(new OrderPricing.PricedOrder(priced.lines(), wrongTotals)))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void refusesTheSameSkuOnTwoLines() {
        OrderPricing.PricedOrder priced = priced(1);
        fixture.givenNoPriorActivity()
                .when(place(new OrderPricing.PricedOrder(
                        List.of(priced.lines().get(0), priced.lines().get(0)),
                        OrderPricing.totalsOf(
                                "EUR",
                                List.of(priced.lines().get(0), priced.lines().get(0))))))
                .expectException(InvalidCommandException.class);
    }

    @Test
    void confirmsAPlacedOrderOnce() {
        fixture.given(placed())
                .when(new ConfirmOrderCommand(ORDER))
                .expectEvents(new OrderConfirmedEvent(ORDER, PAYMENT));
        fixture.given(placed(), new OrderConfirmedEvent(ORDER, PAYMENT))
                .when(new ConfirmOrderCommand(ORDER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void neverConfirmsAClosedOrder() {
        fixture.given(placed(), new OrderCancelledEvent(ORDER, "x", OrderStatus.PLACED))
                .when(new ConfirmOrderCommand(ORDER))
                .expectNoEvents();
        fixture.given(placed(), new OrderRejectedEvent(ORDER, "insufficient-stock", "x"))
                .when(new ConfirmOrderCommand(ORDER))
                .expectNoEvents();
    }

    @Test
    void rejectsOnlyAPlacedOrder() {
        fixture.given(placed())
                .when(new RejectOrderCommand(ORDER, "payment-declined", "card_declined"))
                .expectEvents(new OrderRejectedEvent(ORDER, "payment-declined", "card_declined"));
        fixture.given(placed(), new OrderRejectedEvent(ORDER, "payment-declined", "x"))
                .when(new RejectOrderCommand(ORDER, "payment-timeout", "y"))
                .expectNoEvents();
        fixture.given(placed(), new OrderConfirmedEvent(ORDER, PAYMENT))
                .when(new RejectOrderCommand(ORDER, "payment-timeout", "y"))
                .expectNoEvents();
    }

    @Test
    void cancelsBeforeShipping() {
        fixture.given(placed())
                .when(new CancelOrderCommand(ORDER, "changed my mind", null))
                .expectEvents(new OrderCancelledEvent(ORDER, "changed my mind", OrderStatus.PLACED));
        fixture.given(placed(), new OrderConfirmedEvent(ORDER, PAYMENT))
                .when(new CancelOrderCommand(ORDER, "changed my mind", 1L))
                .expectEvents(new OrderCancelledEvent(ORDER, "changed my mind", OrderStatus.CONFIRMED));
    }

    @Test
    void refusesToCancelAShippedOrClosedOrder() {
        fixture.given(placed(), new OrderConfirmedEvent(ORDER, PAYMENT), new OrderShippedEvent(ORDER, "DHL", "1"))
                .when(new CancelOrderCommand(ORDER, "too late", null))
                .expectException(BusinessRuleViolation.class)
                .expectExceptionMessage("order ord_1 has shipped and can no longer be cancelled")
                .expectNoEvents();
        fixture.given(placed(), new OrderRejectedEvent(ORDER, "payment-declined", "x"))
                .when(new CancelOrderCommand(ORDER, "again", null))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void refusesACancelWithoutReason() {
        fixture.given(placed())
                .when(new CancelOrderCommand(ORDER, " ", null))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void shipsOnlyAConfirmedOrder() {
        fixture.given(placed(), new OrderConfirmedEvent(ORDER, PAYMENT))
                .when(new ShipOrderCommand(ORDER, "DHL", "JD000", null))
                .expectEvents(new OrderShippedEvent(ORDER, "DHL", "JD000"));
        fixture.given(placed())
                .when(new ShipOrderCommand(ORDER, "DHL", "JD000", null))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
        fixture.given(placed(), new OrderConfirmedEvent(ORDER, PAYMENT), new OrderShippedEvent(ORDER, "DHL", "1"))
                .when(new ShipOrderCommand(ORDER, "DHL", "JD000", null))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void refusesAStaleVersion() {
        fixture.given(placed(), new OrderConfirmedEvent(ORDER, PAYMENT))
                .when(new ShipOrderCommand(ORDER, "DHL", "JD000", 0L))
                .expectException(VersionMismatchException.class)
                .expectNoEvents();
        fixture.given(placed())
                .when(new CancelOrderCommand(ORDER, "x", 3L))
                .expectException(VersionMismatchException.class)
                .expectNoEvents();
    }
}
