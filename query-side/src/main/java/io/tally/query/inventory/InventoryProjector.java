package io.tally.query.inventory;

import io.tally.api.inventory.InventoryItemRegisteredEvent;
import io.tally.api.inventory.StockAdjustedEvent;
import io.tally.api.inventory.StockCommittedEvent;
import io.tally.api.inventory.StockReceivedEvent;
import io.tally.api.inventory.StockReleasedEvent;
import io.tally.api.inventory.StockReservedEvent;
import io.tally.api.inventory.UnitPriceChangedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.ZoneOffset;
import java.time.Instant;

/**
 * Keeps {@code inventory_item} in PostgreSQL. Every write is guarded by the row's version, so an
 * event the row already reflects (a replay, a redelivered batch) changes nothing.
 */
@Component
@ProcessingGroup(InventoryProjector.PROCESSING_GROUP)
class InventoryProjector {

    static final String PROCESSING_GROUP = "inventory-pg";

    private final JdbcClient jdbc;

    InventoryProjector(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(InventoryItemRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.sql("""
                        INSERT INTO inventory_item (sku, name, unit_price_amount, currency, tax_rate_basis_points,
                                                    on_hand, reserved, version, updated_at)
                        VALUES (:sku, :name, :amount, :currency, :taxRate, 0, 0, :version, :at)
                        ON CONFLICT (sku) DO NOTHING""")
            .param("sku", event.sku())
            .param("name", event.name())
            .param("amount", event.unitPrice().amount())
            .param("currency", event.unitPrice().currency())
            .param("taxRate", event.taxRateBasisPoints())
            .param("version", sequence)
            .param("at", at.atOffset(ZoneOffset.UTC))
            .update();
    }

    @EventHandler
    void on(StockReceivedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setLevels(event.sku(), event.onHand(), null, sequence, at);
    }

    @EventHandler
    void on(StockAdjustedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setLevels(event.sku(), event.onHand(), null, sequence, at);
    }

    @EventHandler
    void on(UnitPriceChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.sql("""
                        UPDATE inventory_item
                           SET unit_price_amount = :amount, currency = :currency, version = :version, updated_at = :at
                         WHERE sku = :sku AND version < :version""")
            .param("sku", event.sku())
            .param("amount", event.unitPrice().amount())
            .param("currency", event.unitPrice().currency())
            .param("version", sequence)
            .param("at", at.atOffset(ZoneOffset.UTC))
            .update();
    }

    @EventHandler
    void on(StockReservedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setLevels(event.sku(), null, event.reserved(), sequence, at);
    }

    @EventHandler
    void on(StockReleasedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setLevels(event.sku(), null, event.reserved(), sequence, at);
    }

    @EventHandler
    void on(StockCommittedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setLevels(event.sku(), event.onHand(), event.reserved(), sequence, at);
    }

    /** Sets the levels an event reports; null leaves that level as it is. */
    private void setLevels(String sku, Long onHand, Long reserved, long sequence, Instant at) {
        jdbc.sql("""
                        UPDATE inventory_item
                           SET on_hand = coalesce(:onHand, on_hand), reserved = coalesce(:reserved, reserved),
                               version = :version, updated_at = :at
                         WHERE sku = :sku AND version < :version""")
            .param("sku", sku)
            .param("onHand", onHand, java.sql.Types.BIGINT)
            .param("reserved", reserved, java.sql.Types.BIGINT)
            .param("version", sequence)
            .param("at", at.atOffset(ZoneOffset.UTC))
            .update();
    }
}
