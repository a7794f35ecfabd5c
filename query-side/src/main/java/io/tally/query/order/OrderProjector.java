package io.tally.query.order;

import io.tally.api.order.OrderCancelledEvent;
import io.tally.api.order.OrderConfirmedEvent;
import io.tally.api.order.OrderPlacedEvent;
import io.tally.api.order.OrderRejectedEvent;
import io.tally.api.order.OrderShippedEvent;
import io.tally.api.order.OrderStatus;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.ZoneOffset;

/** Keeps {@code order_view}; every write is guarded by the row's version, so replays change nothing twice. */
@Component
@ProcessingGroup(OrderProjector.PROCESSING_GROUP)
class OrderProjector {

    static final String PROCESSING_GROUP = "orders-pg";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final OrderUpdates updates;

    OrderProjector(JdbcClient jdbc, JsonMapper json, OrderUpdates updates) {
        this.jdbc = jdbc;
        this.json = json;
        this.updates = updates;
    }

    @EventHandler
    void on(OrderPlacedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        int inserted = jdbc.sql("""
                        INSERT INTO order_view (order_id, customer_id, customer_name, customer_email, currency, status,
                                                lines, subtotal, discount, tax, total, discount_code, payment_id,
                                                placed_at, updated_at, version)
                        VALUES (:orderId, :customerId, :customerName, :customerEmail, :currency, 'PLACED',
                                CAST(:lines AS jsonb), :subtotal, :discount, :tax, :total, :discountCode, :paymentId,
                                :at, :at, :version)
                        ON CONFLICT (order_id) DO NOTHING""")
            .param("orderId", event.orderId())
            .param("customerId", event.customerId())
            .param("customerName", event.customerName())
            .param("customerEmail", event.customerEmail())
            .param("currency", event.currency())
            .param("lines", json.writeValueAsString(event.lines()))
            .param("subtotal", event.totals().subtotal().amount())
            .param("discount", event.totals().discount().amount())
            .param("tax", event.totals().tax().amount())
            .param("total", event.totals().total().amount())
            .param("discountCode", event.discountCode())
            .param("paymentId", event.paymentId())
            .param("at", at.atOffset(ZoneOffset.UTC))
            .param("version", sequence)
            .update();
        if (inserted > 0) {
            updates.changed(event.orderId());
        }
    }

    @EventHandler
    void on(OrderConfirmedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setStatus(event.orderId(), OrderStatus.CONFIRMED, null, sequence, at);
    }

    @EventHandler
    void on(OrderRejectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setStatus(event.orderId(), OrderStatus.REJECTED, event.reason(), sequence, at);
    }

    @EventHandler
    void on(OrderCancelledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setStatus(event.orderId(), OrderStatus.CANCELLED, event.reason(), sequence, at);
    }

    @EventHandler
    void on(OrderShippedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setStatus(event.orderId(), OrderStatus.SHIPPED, null, sequence, at);
    }

    private void setStatus(String orderId, OrderStatus status, String reason, long sequence, Instant at) {
        int updated = jdbc.sql("""
                        UPDATE order_view SET status = :status, reason = coalesce(:reason, reason), version = :version,
                               updated_at = :at
                         WHERE order_id = :orderId AND version < :version""")
            .param("status", status.name())
            .param("reason", reason, java.sql.Types.VARCHAR)
            .param("version", sequence)
            .param("at", at.atOffset(ZoneOffset.UTC))
            .param("orderId", orderId)
            .update();
        if (updated > 0) {
            updates.changed(orderId);
        }
    }
}
