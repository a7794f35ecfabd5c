package io.tally.command.fulfillment;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.tally.api.common.Money;
import io.tally.api.inventory.CommitStockCommand;
import io.tally.api.inventory.ReleaseStockCommand;
import io.tally.api.inventory.ReserveStockCommand;
import io.tally.api.inventory.StockReservationRejectedEvent;
import io.tally.api.inventory.StockReservedEvent;
import io.tally.api.order.ConfirmOrderCommand;
import io.tally.api.order.OrderCancelledEvent;
import io.tally.api.order.OrderLine;
import io.tally.api.order.OrderPlacedEvent;
import io.tally.api.order.OrderRejectedEvent;
import io.tally.api.order.OrderShippedEvent;
import io.tally.api.order.RejectOrderCommand;
import io.tally.api.payment.AuthorizePaymentCommand;
import io.tally.api.payment.CapturePaymentCommand;
import io.tally.api.payment.ExpirePaymentAuthorizationCommand;
import io.tally.api.payment.PaymentAuthorizedEvent;
import io.tally.api.payment.PaymentDeclinedEvent;
import io.tally.api.payment.PaymentStatus;
import io.tally.api.payment.PaymentView;
import io.tally.api.payment.VoidPaymentCommand;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Drives an order from PLACED to CONFIRMED (every line reserved, payment authorised) or REJECTED,
 * and carries out cancellation and shipment. Each step is a command whose outcome is an event, so
 * the saga's state and the steps it took commit together; a redelivered event finds the step
 * already taken and does nothing twice. The payment deadline is persisted and survives restarts.
 */
@Saga
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class OrderFulfillmentSaga {

    static final String PAYMENT_DEADLINE = "payment-timeout";
    private static final String ORDER_ID = "orderId";
    private static final Logger log = LoggerFactory.getLogger(OrderFulfillmentSaga.class);

    private String orderId;
    private String paymentId;
    private Money amount;
    private Map<String, Long> lines = new LinkedHashMap<>();
    private Set<String> reserved = new LinkedHashSet<>();
    private boolean authorizationRequested;
    private boolean authorized;
    private boolean failed;
    private String deadlineId;

    @Autowired
    private transient CommandGateway commands;

    @Autowired
    private transient DeadlineManager deadlines;

    @Autowired
    private transient FulfillmentProperties properties;

    @StartSaga
    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderPlacedEvent event) {
        orderId = event.orderId();
        paymentId = event.paymentId();
        amount = event.totals().total();
        for (OrderLine line : event.lines()) {
            lines.put(line.sku(), line.quantity());
        }
        for (String sku : inLockOrder(lines.keySet())) {
            try {
                commands.sendAndWait(new ReserveStockCommand(sku, orderId, lines.get(sku)));
            } catch (AggregateNotFoundException unknownItem) {
                giveUp("unknown-sku", sku + " is not a registered item");
                return;
            }
        }
    }

    /**
     * Rejects an order the saga cannot carry on with. Should the order refuse even that (it moved
     * on without this saga), the saga ends with an error logged rather than block every saga
     * behind it in its segment.
     */
    private void giveUp(String reason, String detail) {
        try {
            fail(reason, detail);
        } catch (RuntimeException refused) {
            log.error(
                    "order {}: {} ({}), and rejecting it was refused: {}; its saga ends",
                    orderId,
                    reason,
                    detail,
                    refused.getMessage());
            SagaLifecycle.end();
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(StockReservedEvent event) {
        if (failed) {
            commands.sendAndWait(new ReleaseStockCommand(event.sku(), orderId, "order-closed"));
            return;
        }
        reserved.add(event.sku());
        if (reserved.size() == lines.size() && !authorizationRequested) {
            authorizationRequested = true;
            deadlineId = deadlines.schedule(properties.paymentTimeout(), PAYMENT_DEADLINE);
            commands.sendAndWait(new AuthorizePaymentCommand(paymentId, orderId, amount));
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(StockReservationRejectedEvent event) {
        fail(
                "insufficient-stock",
                "only " + event.available() + " of " + event.sku() + " available, " + event.quantity() + " ordered");
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(PaymentAuthorizedEvent event) {
        authorized = true;
        cancelDeadline();
        if (failed) {
            commands.sendAndWait(new VoidPaymentCommand(paymentId, "order-closed"));
            return;
        }
        commands.sendAndWait(new ConfirmOrderCommand(orderId));
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(PaymentDeclinedEvent event) {
        cancelDeadline();
        fail(
                event.timedOut() ? "payment-timeout" : "payment-declined",
                event.timedOut()
                        ? "the payment gateway did not answer in time"
                        : "the payment gateway answered " + event.declineCode());
    }

    @DeadlineHandler(deadlineName = PAYMENT_DEADLINE)
    void paymentTimedOut() {
        deadlineId = null;
        if (failed || authorized) {
            return;
        }
        PaymentView payment = commands.sendAndWait(new ExpirePaymentAuthorizationCommand(paymentId));
        if (payment != null && payment.status() == PaymentStatus.AUTHORIZED) {
            // the gateway did answer in time; this saga has not seen the event yet (its processor was held up)
            return;
        }
        fail("payment-timeout", "the payment gateway did not answer within " + properties.paymentTimeout());
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCancelledEvent event) {
        failed = true;
        cancelDeadline();
        releaseReservations("order-cancelled");
        if (authorizationRequested) {
            commands.sendAndWait(new VoidPaymentCommand(paymentId, "order-cancelled"));
        }
        SagaLifecycle.end();
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderShippedEvent event) {
        inLockOrder(reserved).forEach(sku -> commands.sendAndWait(new CommitStockCommand(sku, orderId)));
        reserved.clear();
        commands.sendAndWait(new CapturePaymentCommand(paymentId));
        SagaLifecycle.end();
    }

    @EndSaga
    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderRejectedEvent event) {
        cancelDeadline();
    }

    private void fail(String reason, String detail) {
        if (failed) {
            return;
        }
        failed = true;
        releaseReservations(reason);
        commands.sendAndWait(new RejectOrderCommand(orderId, reason, detail));
    }

    private void releaseReservations(String reason) {
        inLockOrder(reserved).forEach(sku -> commands.sendAndWait(new ReleaseStockCommand(sku, orderId, reason)));
        reserved.clear();
    }

    /**
     * The items of one saga step in the order every saga locks them. A command the saga sends keeps
     * its aggregate locked until the saga's own unit of work ends (its events are stored with the
     * saga's state), so two sagas on different segments taking two items in opposite orders would
     * wait on each other: Axon breaks that deadlock by failing one of them.
     */
    private static List<String> inLockOrder(Collection<String> skus) {
        return skus.stream().sorted().toList();
    }

    private void cancelDeadline() {
        if (deadlineId != null) {
            deadlines.cancelSchedule(PAYMENT_DEADLINE, deadlineId);
            deadlineId = null;
        }
    }
}
