package io.tally.bench.peer;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.tally.api.common.Money;
import io.tally.api.inventory.CommitStockCommand;
import io.tally.api.inventory.ReleaseStockCommand;
import io.tally.api.inventory.ReserveStockCommand;
import io.tally.api.inventory.StockReservationRejectedEvent;
import io.tally.api.inventory.StockReservedEvent;
import io.tally.api.order.ConfirmOrderCommand;
import io.tally.api.order.OrderLine;
import io.tally.api.order.OrderPlacedEvent;
import io.tally.api.order.OrderShippedEvent;
import io.tally.api.order.RejectOrderCommand;
import io.tally.api.payment.AuthorizePaymentCommand;
import io.tally.api.payment.CapturePaymentCommand;
import io.tally.api.payment.PaymentAuthorizedEvent;
import io.tally.api.payment.PaymentDeclinedEvent;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The order's process, step for step as Tally's saga: reserve every line, authorise the payment,
 * confirm; on shipment commit the stock and capture. No payment deadline (an Axon default
 * deployment has no persistent deadline manager) and the compensations of the failure paths only.
 */
@Saga
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class PeerFulfillmentSaga {

    private String orderId;
    private String paymentId;
    private Money amount;
    private Map<String, Long> lines = new TreeMap<>();
    private TreeSet<String> reserved = new TreeSet<>();

    @Autowired
    private transient CommandGateway commands;

    @StartSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderPlacedEvent event) {
        orderId = event.orderId();
        paymentId = event.paymentId();
        amount = event.totals().total();
        for (OrderLine line : event.lines()) {
            lines.put(line.sku(), line.quantity());
        }
        lines.forEach((sku, quantity) -> commands.sendAndWait(new ReserveStockCommand(sku, orderId, quantity)));
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(StockReservedEvent event) {
        reserved.add(event.sku());
        if (reserved.size() == lines.size()) {
            commands.sendAndWait(new AuthorizePaymentCommand(paymentId, orderId, amount));
        }
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(StockReservationRejectedEvent event) {
        reject("insufficient-stock");
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(PaymentAuthorizedEvent event) {
        commands.sendAndWait(new ConfirmOrderCommand(orderId));
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(PaymentDeclinedEvent event) {
        reject("payment-declined");
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderShippedEvent event) {
        reserved.forEach(sku -> commands.sendAndWait(new CommitStockCommand(sku, orderId)));
        commands.sendAndWait(new CapturePaymentCommand(paymentId));
        SagaLifecycle.end();
    }

    private void reject(String reason) {
        reserved.forEach(sku -> commands.sendAndWait(new ReleaseStockCommand(sku, orderId, reason)));
        commands.sendAndWait(new RejectOrderCommand(orderId, reason, reason));
        SagaLifecycle.end();
    }
}
