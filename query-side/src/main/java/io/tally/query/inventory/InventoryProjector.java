package io.tally.query.inventory;

import io.tally.api.inventory.InventoryItemRegisteredEvent;
import io.tally.api.inventory.StockAdjustedEvent;
import io.tally.api.inventory.StockCommittedEvent;
import io.tally.api.inventory.StockReceivedEvent;
import io.tally.api.inventory.StockReleasedEvent;
import io.tally.api.inventory.StockReservedEvent;
import io.tally.api.inventory.UnitPriceChangedEvent;
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

/**
 * Keeps {@code inventory_item} in PostgreSQL. Every write is guarded by the row's version, so an
 * event the row already reflects (a replay, a redelivered batch) changes nothing.
 */
@Component
@ProcessingGroup(ProjectionNames.INVENTORY_PG)
class InventoryProjector {

    private final ProjectionWrites writes;

    InventoryProjector(ProjectionWrites writes) {
        this.writes = writes;
    }

    @EventHandler
    void on(InventoryItemRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writes.write(
                event.sku(),
                """
                        INSERT INTO inventory_item (sku, name, unit_price_amount, currency, tax_rate_basis_points,
                                                    on_hand, reserved, version, updated_at)
                        VALUES (:sku, :name, :amount, :currency, :taxRate, 0, 0, :version, :at)
                        ON CONFLICT (sku) DO NOTHING""",
                new MapSqlParameterSource()
                        .addValue("sku", event.sku())
                        .addValue("name", event.name())
                        .addValue("amount", event.unitPrice().amount())
                        .addValue("currency", event.unitPrice().currency())
                        .addValue("taxRate", event.taxRateBasisPoints())
                        .addValue("version", sequence)
                        .addValue("at", at.atOffset(ZoneOffset.UTC)));
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
        writes.write(
                event.sku(),
                """
                        UPDATE inventory_item
                           SET unit_price_amount = :amount, currency = :currency, version = :version, updated_at = :at
                         WHERE sku = :sku AND version < :version""",
                new MapSqlParameterSource()
                        .addValue("sku", event.sku())
                        .addValue("amount", event.unitPrice().amount())
                        .addValue("currency", event.unitPrice().currency())
                        .addValue("version", sequence)
                        .addValue("at", at.atOffset(ZoneOffset.UTC)));
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
        writes.write(
                sku,
                """
                        UPDATE inventory_item
                           SET on_hand = coalesce(:onHand, on_hand), reserved = coalesce(:reserved, reserved),
                               version = :version, updated_at = :at
                         WHERE sku = :sku AND version < :version""",
                new MapSqlParameterSource()
                        .addValue("sku", sku)
                        .addValue("onHand", onHand, java.sql.Types.BIGINT)
                        .addValue("reserved", reserved, java.sql.Types.BIGINT)
                        .addValue("version", sequence)
                        .addValue("at", at.atOffset(ZoneOffset.UTC)));
    }
}
