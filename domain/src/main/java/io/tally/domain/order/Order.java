package io.tally.domain.order;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.tally.api.common.Money;
import io.tally.api.order.CancelOrderCommand;
import io.tally.api.order.ConfirmOrderCommand;
import io.tally.api.order.OrderCancelledEvent;
import io.tally.api.order.OrderConfirmedEvent;
import io.tally.api.order.OrderLine;
import io.tally.api.order.OrderPlacedEvent;
import io.tally.api.order.OrderRejectedEvent;
import io.tally.api.order.OrderShippedEvent;
import io.tally.api.order.OrderStateView;
import io.tally.api.order.OrderStatus;
import io.tally.api.order.OrderTotals;
import io.tally.api.order.PlaceOrderCommand;
import io.tally.api.order.RejectOrderCommand;
import io.tally.api.order.ShipOrderCommand;
import io.tally.domain.BusinessRuleViolation;
import io.tally.domain.InvalidCommandException;
import io.tally.domain.VersionMismatchException;
import io.tally.domain.history.Stateful;
import io.tally.domain.order.pricing.OrderPricing;
import io.tally.domain.privacy.PersonalDataVault;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An order's lifecycle: PLACED, then CONFIRMED once stock is reserved and payment authorised
 * (the fulfillment saga drives that), then SHIPPED; or REJECTED, or CANCELLED before shipping.
 * The saga's commands are idempotent: confirming a confirmed order or rejecting a closed one
 * changes nothing.
 */
@Aggregate(cache = "orderCache")
public class Order implements Stateful {

    public static final int MAX_LINES = 100;
    public static final long MAX_QUANTITY = 10_000;
    public static final int MAX_TEXT_LENGTH = 500;

    @AggregateIdentifier
    private String orderId;

    private OrderStatus status;
    private OrderTotals totals;
    private String paymentId;
    private long version;

    Order() {
        // for Axon's event sourcing
    }

    @CommandHandler
    Order(PlaceOrderCommand command, PersonalDataVault vault) {
        if (command.lines() == null
                || command.lines().isEmpty()
                || command.lines().size() > MAX_LINES) {
            throw new InvalidCommandException("lines", "an order has 1 to " + MAX_LINES + " lines");
        }
        Set<String> skus = new HashSet<>();
        for (int i = 0; i < command.lines().size(); i++) {
            OrderLine line = command.lines().get(i);
            if (line.quantity() < 1 || line.quantity() > MAX_QUANTITY) {
                throw new InvalidCommandException("lines[" + i + "].quantity", "must be between 1 and " + MAX_QUANTITY);
            }
            if (!skus.add(line.sku())) {
                throw new InvalidCommandException("lines[" + i + "].sku", "appears on more than one line");
            }
            if (!line.unitPrice().currency().equals(command.currency())) {
                throw new BusinessRuleViolation(
                        "currency-mismatch",
                        line.sku() + " is priced in " + line.unitPrice().currency() + ", the order is in "
                                + command.currency());
            }
            requireConsistent(i, line);
        }
        if (!OrderPricing.totalsOf(command.currency(), command.lines()).equals(command.totals())) {
            throw new InvalidCommandException("totals", "are not the sum of the lines");
        }
        if (command.totals().total().amount() > Money.MAX_AMOUNT) {
            throw new BusinessRuleViolation(
                    "order-total-too-large", "an order's total may not exceed " + Money.MAX_AMOUNT + " minor units");
        }
        List<String> sealed =
                vault.seal(command.customerId(), Arrays.asList(command.customerName(), command.customerEmail()));
        apply(new OrderPlacedEvent(
                command.orderId(),
                command.customerId(),
                sealed.get(0),
                sealed.get(1),
                command.currency(),
                command.lines(),
                command.discountCode(),
                command.totals(),
                command.paymentId()));
    }

    @CommandHandler
    OrderStateView handle(ConfirmOrderCommand command) {
        if (status == OrderStatus.PLACED) {
            apply(new OrderConfirmedEvent(orderId, paymentId));
        }
        return view();
    }

    @CommandHandler
    OrderStateView handle(RejectOrderCommand command) {
        if (status == OrderStatus.PLACED) {
            apply(new OrderRejectedEvent(orderId, command.reason(), command.detail()));
        }
        return view();
    }

    @CommandHandler
    OrderStateView handle(CancelOrderCommand command) {
        requireVersion(command.expectedVersion());
        requireText("reason", command.reason());
        switch (status) {
            case PLACED, CONFIRMED -> apply(new OrderCancelledEvent(orderId, command.reason(), status));
            case SHIPPED ->
                throw new BusinessRuleViolation(
                        "order-already-shipped", "order " + orderId + " has shipped and can no longer be cancelled");
            default ->
                throw new BusinessRuleViolation(
                        "order-closed",
                        "order " + orderId + " is already " + status.name().toLowerCase());
        }
        return view();
    }

    @CommandHandler
    OrderStateView handle(ShipOrderCommand command) {
        requireVersion(command.expectedVersion());
        requireText("carrier", command.carrier());
        requireText("trackingNumber", command.trackingNumber());
        if (status != OrderStatus.CONFIRMED) {
            throw new BusinessRuleViolation(
                    "order-not-confirmed",
                    "order " + orderId + " is " + status.name().toLowerCase() + "; only a confirmed order ships");
        }
        apply(new OrderShippedEvent(orderId, command.carrier(), command.trackingNumber()));
        return view();
    }

    @EventSourcingHandler
    void on(OrderPlacedEvent event, @SequenceNumber long sequence) {
        orderId = event.orderId();
        totals = event.totals();
        paymentId = event.paymentId();
        status = OrderStatus.PLACED;
        version = sequence;
    }

    @EventSourcingHandler
    void on(OrderConfirmedEvent event, @SequenceNumber long sequence) {
        status = OrderStatus.CONFIRMED;
        version = sequence;
    }

    @EventSourcingHandler
    void on(OrderRejectedEvent event, @SequenceNumber long sequence) {
        status = OrderStatus.REJECTED;
        version = sequence;
    }

    @EventSourcingHandler
    void on(OrderCancelledEvent event, @SequenceNumber long sequence) {
        status = OrderStatus.CANCELLED;
        version = sequence;
    }

    @EventSourcingHandler
    void on(OrderShippedEvent event, @SequenceNumber long sequence) {
        status = OrderStatus.SHIPPED;
        version = sequence;
    }

    @Override
    public OrderStateView state() {
        return view();
    }

    private OrderStateView view() {
        return new OrderStateView(orderId, status, totals, paymentId, version);
    }

    private void requireVersion(Long expectedVersion) {
        VersionMismatchException.requireVersion(expectedVersion, version);
    }

    private static void requireText(String field, String text) {
        if (text == null || text.isBlank() || text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidCommandException(field, "must be 1 to " + MAX_TEXT_LENGTH + " characters");
        }
    }

    private static void requireConsistent(int index, OrderLine line) {
        Money net = line.subtotal().minus(line.discount());
        boolean consistent = line.subtotal().equals(line.unitPrice().times(line.quantity()))
                && !line.discount().isGreaterThan(line.subtotal())
                && line.discount().amount() >= 0
                && line.tax().amount() >= 0
                && line.total().equals(net.plus(line.tax()));
        if (!consistent) {
            throw new InvalidCommandException("lines[" + index + "]", "the line's arithmetic does not add up");
        }
    }
}
