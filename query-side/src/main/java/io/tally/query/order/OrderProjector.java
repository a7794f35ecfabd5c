package io.tally.query.order;

import io.tally.api.order.OrderCancelledEvent;
import io.tally.api.order.OrderConfirmedEvent;
import io.tally.api.order.OrderPlacedEvent;
import io.tally.api.order.OrderRejectedEvent;
import io.tally.api.order.OrderShippedEvent;
import io.tally.api.order.OrderStatus;
import io.tally.query.projection.ProjectionNames;
import io.tally.query.projection.ProjectionWrites;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Keeps {@code order_view}; every write is guarded by the row's version, so replays change nothing twice. */
@Component
@ProcessingGroup(ProjectionNames.ORDERS_PG)
class OrderProjector {

    private final ProjectionWrites writes;
    private final JsonMapper json;
    private final OrderUpdates updates;

    OrderProjector(ProjectionWrites writes, JsonMapper json, OrderUpdates updates) {
        this.writes = writes;
        this.json = json;
        this.updates = updates;
    }

    @EventHandler
    void on(OrderPlacedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writes.write(
                event.orderId(),
                """
                        INSERT INTO order_view (order_id, customer_id, customer_name, customer_email, currency, status,
                                                lines, subtotal, discount, tax, total, discount_code, payment_id,
                                                placed_at, updated_at, version)
                        VALUES (:orderId, :customerId, :customerName, :customerEmail, :currency, 'PLACED',
                                CAST(:lines AS jsonb), :subtotal, :discount, :tax, :total, :discountCode, :paymentId,
                                :at, :at, :version)
                        ON CONFLICT (order_id) DO NOTHING""",
                new MapSqlParameterSource()
                        .addValue("orderId", event.orderId())
                        .addValue("customerId", event.customerId())
                        .addValue("customerName", event.customerName())
                        .addValue("customerEmail", event.customerEmail())
                        .addValue("currency", event.currency())
                        .addValue("lines", json.writeValueAsString(event.lines()))
                        .addValue("subtotal", event.totals().subtotal().amount())
                        .addValue("discount", event.totals().discount().amount())
                        .addValue("tax", event.totals().tax().amount())
                        .addValue("total", event.totals().total().amount())
                        .addValue("discountCode", event.discountCode(), java.sql.Types.VARCHAR)
                        .addValue("paymentId", event.paymentId(), java.sql.Types.VARCHAR)
                        .addValue("at", at.atOffset(ZoneOffset.UTC))
                        .addValue("version", sequence),
                inserted -> {
                    if (inserted > 0) {
                        updates.changed(event.orderId());
                    }
                });
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
        writes.write(
                orderId,
                """
                        UPDATE order_view SET status = :status, reason = coalesce(:reason, reason), version = :version,
                               updated_at = :at
                         WHERE order_id = :orderId AND version < :version""",
                new MapSqlParameterSource()
                        .addValue("status", status.name())
                        .addValue("reason", reason, java.sql.Types.VARCHAR)
                        .addValue("version", sequence)
                        .addValue("at", at.atOffset(ZoneOffset.UTC))
                        .addValue("orderId", orderId),
                updated -> {
                    if (updated > 0) {
                        updates.changed(orderId);
                    }
                });
    }
}
