package io.tally.bench.peer;

import io.tally.api.order.OrderCancelledEvent;
import io.tally.api.order.OrderConfirmedEvent;
import io.tally.api.order.OrderPlacedEvent;
import io.tally.api.order.OrderRejectedEvent;
import io.tally.api.order.OrderShippedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** The orders' PostgreSQL read model: one row per order, its status and version. */
@Component
@ProcessingGroup("peer-orders")
class PeerOrderProjection {

    private final PeerTables tables;

    PeerOrderProjection(PeerTables tables) {
        this.tables = tables;
    }

    @EventHandler
    void on(OrderPlacedEvent event, @SequenceNumber long version) {
        tables.jdbc.update(
                "INSERT INTO order_view (order_id, status, total, currency, version) VALUES (?, 'PLACED', ?, ?, ?)"
                        + " ON CONFLICT (order_id) DO NOTHING",
                event.orderId(),
                event.totals().total().amount(),
                event.currency(),
                version);
    }

    @EventHandler
    void on(OrderConfirmedEvent event, @SequenceNumber long version) {
        status(event.orderId(), "CONFIRMED", version);
    }

    @EventHandler
    void on(OrderShippedEvent event, @SequenceNumber long version) {
        status(event.orderId(), "SHIPPED", version);
    }

    @EventHandler
    void on(OrderRejectedEvent event, @SequenceNumber long version) {
        status(event.orderId(), "REJECTED", version);
    }

    @EventHandler
    void on(OrderCancelledEvent event, @SequenceNumber long version) {
        status(event.orderId(), "CANCELLED", version);
    }

    private void status(String orderId, String status, long version) {
        tables.jdbc.update(
                "UPDATE order_view SET status = ?, version = ? WHERE order_id = ? AND version < ?",
                status,
                version,
                orderId,
                version);
    }
}
