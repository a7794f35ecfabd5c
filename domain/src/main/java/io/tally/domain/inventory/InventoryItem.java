package io.tally.domain.inventory;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.tally.api.common.Money;
import io.tally.api.inventory.AdjustStockCommand;
import io.tally.api.inventory.ChangeUnitPriceCommand;
import io.tally.api.inventory.CommitStockCommand;
import io.tally.api.inventory.InventoryItemRegisteredEvent;
import io.tally.api.inventory.InventoryItemView;
import io.tally.api.inventory.ItemQuote;
import io.tally.api.inventory.QuoteItemCommand;
import io.tally.api.inventory.ReceiveStockCommand;
import io.tally.api.inventory.RegisterInventoryItemCommand;
import io.tally.api.inventory.ReleaseStockCommand;
import io.tally.api.inventory.ReserveStockCommand;
import io.tally.api.inventory.StockAdjustedEvent;
import io.tally.api.inventory.StockCommittedEvent;
import io.tally.api.inventory.StockReceivedEvent;
import io.tally.api.inventory.StockReleasedEvent;
import io.tally.api.inventory.StockReservationRejectedEvent;
import io.tally.api.inventory.StockReservedEvent;
import io.tally.api.inventory.UnitPriceChangedEvent;
import io.tally.domain.BusinessRuleViolation;
import io.tally.domain.InvalidCommandException;
import io.tally.domain.VersionMismatchException;
import io.tally.domain.history.Stateful;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One stock-keeping unit: its price and tax rate, how many units are on hand, and which orders
 * hold reservations on them. Available (on hand minus reserved) never goes below zero: a
 * reservation that does not fit is recorded as rejected, and an adjustment that would cut into
 * reserved units is refused.
 * <p>
 * Snapshotted (command side, every 50 events loaded): its fields are the snapshot. Change them and
 * raise the {@code @Revision}, so the snapshots of the old shape are ignored.
 */
@Aggregate(snapshotTriggerDefinition = "inventorySnapshotTrigger", cache = "inventoryCache")
@Revision("1")
public class InventoryItem implements Stateful {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_TEXT_LENGTH = 500;
    public static final int MAX_TAX_RATE_BASIS_POINTS = 10_000;
    public static final long MAX_QUANTITY = 1_000_000_000L;

    @AggregateIdentifier
    private String sku;

    private String name;
    private Money unitPrice;
    private int taxRateBasisPoints;
    private long onHand;
    private long reserved;
    private long version;
    private final Map<String, Long> reservations = new HashMap<>();

    InventoryItem() {
        // for Axon's event sourcing
    }

    @CommandHandler
    InventoryItem(RegisterInventoryItemCommand command) {
        if (!Sku.isValid(command.sku())) {
            throw new InvalidCommandException("sku", Sku.RULE);
        }
        if (command.name() == null || command.name().isBlank() || command.name().length() > MAX_NAME_LENGTH) {
            throw new InvalidCommandException("name", "must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        requireValidPrice(command.unitPrice());
        if (command.taxRateBasisPoints() < 0 || command.taxRateBasisPoints() > MAX_TAX_RATE_BASIS_POINTS) {
            throw new InvalidCommandException(
                    "taxRateBasisPoints", "must be between 0 and " + MAX_TAX_RATE_BASIS_POINTS);
        }
        apply(new InventoryItemRegisteredEvent(
                command.sku(), command.name(), command.unitPrice(), command.taxRateBasisPoints()));
    }

    @CommandHandler
    InventoryItemView handle(ReceiveStockCommand command) {
        requireVersion(command.expectedVersion());
        requireQuantity("quantity", command.quantity());
        requireTextLength("reference", command.reference());
        apply(new StockReceivedEvent(
                sku, command.quantity(), command.reference(), Math.addExact(onHand, command.quantity())));
        return view();
    }

    @CommandHandler
    InventoryItemView handle(AdjustStockCommand command) {
        requireVersion(command.expectedVersion());
        if (command.delta() == 0) {
            throw new InvalidCommandException("delta", "must not be zero");
        }
        requireQuantity("delta", Math.abs(command.delta()));
        if (command.reason() == null || command.reason().isBlank()) {
            throw new InvalidCommandException("reason", "must say why the stock changed");
        }
        requireTextLength("reason", command.reason());
        long newOnHand = Math.addExact(onHand, command.delta());
        if (newOnHand < reserved) {
            throw new BusinessRuleViolation(
                    "insufficient-stock",
                    "adjusting " + sku + " by " + command.delta() + " would leave " + newOnHand + " on hand, below the "
                            + reserved + " reserved");
        }
        apply(new StockAdjustedEvent(sku, command.delta(), command.reason(), newOnHand));
        return view();
    }

    @CommandHandler
    InventoryItemView handle(ChangeUnitPriceCommand command) {
        requireVersion(command.expectedVersion());
        requireValidPrice(command.unitPrice());
        if (!command.unitPrice().currency().equals(unitPrice.currency())) {
            throw new BusinessRuleViolation(
                    "currency-change-refused",
                    sku + " is priced in " + unitPrice.currency() + "; register a new SKU to sell it in "
                            + command.unitPrice().currency());
        }
        if (!command.unitPrice().equals(unitPrice)) {
            apply(new UnitPriceChangedEvent(sku, command.unitPrice(), unitPrice));
        }
        return view();
    }

    @CommandHandler
    ItemQuote handle(QuoteItemCommand command) {
        return new ItemQuote(sku, name, unitPrice, taxRateBasisPoints);
    }

    /** A redelivered reservation for an order that already holds one changes nothing. */
    @CommandHandler
    void handle(ReserveStockCommand command) {
        if (reservations.containsKey(command.orderId())) {
            return;
        }
        requireQuantity("quantity", command.quantity());
        long available = onHand - reserved;
        if (command.quantity() > available) {
            apply(new StockReservationRejectedEvent(sku, command.orderId(), command.quantity(), available));
        } else {
            apply(new StockReservedEvent(
                    sku, command.orderId(), command.quantity(), Math.addExact(reserved, command.quantity())));
        }
    }

    @CommandHandler
    void handle(ReleaseStockCommand command) {
        Long quantity = reservations.get(command.orderId());
        if (quantity != null) {
            apply(new StockReleasedEvent(sku, command.orderId(), quantity, command.reason(), reserved - quantity));
        }
    }

    @CommandHandler
    void handle(CommitStockCommand command) {
        Long quantity = reservations.get(command.orderId());
        if (quantity != null) {
            apply(new StockCommittedEvent(sku, command.orderId(), quantity, onHand - quantity, reserved - quantity));
        }
    }

    @EventSourcingHandler
    void on(InventoryItemRegisteredEvent event, @SequenceNumber long sequence) {
        sku = event.sku();
        name = event.name();
        unitPrice = event.unitPrice();
        taxRateBasisPoints = event.taxRateBasisPoints();
        version = sequence;
    }

    @EventSourcingHandler
    void on(StockReceivedEvent event, @SequenceNumber long sequence) {
        onHand = event.onHand();
        version = sequence;
    }

    @EventSourcingHandler
    void on(StockAdjustedEvent event, @SequenceNumber long sequence) {
        onHand = event.onHand();
        version = sequence;
    }

    @EventSourcingHandler
    void on(UnitPriceChangedEvent event, @SequenceNumber long sequence) {
        unitPrice = event.unitPrice();
        version = sequence;
    }

    @EventSourcingHandler
    void on(StockReservedEvent event, @SequenceNumber long sequence) {
        reservations.put(event.orderId(), event.quantity());
        reserved = event.reserved();
        version = sequence;
    }

    @EventSourcingHandler
    void on(StockReservationRejectedEvent event, @SequenceNumber long sequence) {
        version = sequence;
    }

    @EventSourcingHandler
    void on(StockReleasedEvent event, @SequenceNumber long sequence) {
        reservations.remove(event.orderId());
        reserved = event.reserved();
        version = sequence;
    }

    @EventSourcingHandler
    void on(StockCommittedEvent event, @SequenceNumber long sequence) {
        reservations.remove(event.orderId());
        onHand = event.onHand();
        reserved = event.reserved();
        version = sequence;
    }

    @Override
    public InventoryItemView state() {
        return view();
    }

    private InventoryItemView view() {
        return new InventoryItemView(
                sku, name, unitPrice, taxRateBasisPoints, onHand, reserved, onHand - reserved, version);
    }

    private void requireVersion(Long expectedVersion) {
        VersionMismatchException.requireVersion(expectedVersion, version);
    }

    private static void requireValidPrice(Money price) {
        if (price == null) {
            throw new InvalidCommandException("unitPrice", "is required");
        }
        if (price.amount() < 0 || price.amount() > Money.MAX_AMOUNT) {
            throw new InvalidCommandException("unitPrice.amount", "must be between 0 and " + Money.MAX_AMOUNT);
        }
    }

    private static void requireQuantity(String field, long quantity) {
        if (quantity <= 0 || quantity > MAX_QUANTITY) {
            throw new InvalidCommandException(field, "must be between 1 and " + MAX_QUANTITY);
        }
    }

    private static void requireTextLength(String field, String text) {
        if (text != null && text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidCommandException(field, "must be at most " + MAX_TEXT_LENGTH + " characters");
        }
    }
}
