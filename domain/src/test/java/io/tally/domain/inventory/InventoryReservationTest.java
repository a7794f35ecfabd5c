package io.tally.domain.inventory;

import io.tally.api.common.Money;
import io.tally.api.inventory.AdjustStockCommand;
import io.tally.api.inventory.CommitStockCommand;
import io.tally.api.inventory.InventoryItemRegisteredEvent;
import io.tally.api.inventory.ItemQuote;
import io.tally.api.inventory.QuoteItemCommand;
import io.tally.api.inventory.ReleaseStockCommand;
import io.tally.api.inventory.ReserveStockCommand;
import io.tally.api.inventory.StockAdjustedEvent;
import io.tally.api.inventory.StockCommittedEvent;
import io.tally.api.inventory.StockReceivedEvent;
import io.tally.api.inventory.StockReleasedEvent;
import io.tally.api.inventory.StockReservationRejectedEvent;
import io.tally.api.inventory.StockReservedEvent;
import io.tally.domain.BusinessRuleViolation;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InventoryReservationTest {

    private static final String SKU = "PEN-1";
    private AggregateTestFixture<InventoryItem> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(InventoryItem.class);
    }

    private static Object[] tenOnHand() {
        return new Object[] {
            new InventoryItemRegisteredEvent(SKU, "Pen", Money.of(1250, "EUR"), 1900),
            new StockReceivedEvent(SKU, 10, null, 10)
        };
    }

    @Test
    void quotesTheCurrentPriceAndChangesNothing() {
        fixture.given(tenOnHand())
                .when(new QuoteItemCommand(SKU))
                .expectNoEvents()
                .expectResultMessagePayload(new ItemQuote(SKU, "Pen", Money.of(1250, "EUR"), 1900));
    }

    @Test
    void reservesWhatIsAvailable() {
        fixture.given(tenOnHand())
                .when(new ReserveStockCommand(SKU, "ord-1", 4))
                .expectEvents(new StockReservedEvent(SKU, "ord-1", 4, 4));
    }

    @Test
    void reservesTheLastUnits() {
        fixture.given(tenOnHand())
                .andGiven(new StockReservedEvent(SKU, "ord-1", 4, 4))
                .when(new ReserveStockCommand(SKU, "ord-2", 6))
                .expectEvents(new StockReservedEvent(SKU, "ord-2", 6, 10));
    }

    @Test
    void recordsARejectionWhenStockDoesNotSuffice() {
        fixture.given(tenOnHand())
                .andGiven(new StockReservedEvent(SKU, "ord-1", 8, 8))
                .when(new ReserveStockCommand(SKU, "ord-2", 3))
                .expectEvents(new StockReservationRejectedEvent(SKU, "ord-2", 3, 2));
    }

    @Test
    void aRedeliveredReservationChangesNothing() {
        fixture.given(tenOnHand())
                .andGiven(new StockReservedEvent(SKU, "ord-1", 4, 4))
                .when(new ReserveStockCommand(SKU, "ord-1", 4))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void releasesAReservation() {
        fixture.given(tenOnHand())
                .andGiven(new StockReservedEvent(SKU, "ord-1", 4, 4), new StockReservedEvent(SKU, "ord-2", 1, 5))
                .when(new ReleaseStockCommand(SKU, "ord-1", "payment-declined"))
                .expectEvents(new StockReleasedEvent(SKU, "ord-1", 4, "payment-declined", 1));
    }

    @Test
    void releasingTwiceOrWithoutReservationChangesNothing() {
        fixture.given(tenOnHand())
                .andGiven(new StockReservedEvent(SKU, "ord-1", 4, 4), new StockReleasedEvent(SKU, "ord-1", 4, "x", 0))
                .when(new ReleaseStockCommand(SKU, "ord-1", "again"))
                .expectNoEvents();
    }

    @Test
    void committingTakesReservedUnitsOffTheShelf() {
        fixture.given(tenOnHand())
                .andGiven(new StockReservedEvent(SKU, "ord-1", 4, 4))
                .when(new CommitStockCommand(SKU, "ord-1"))
                .expectEvents(new StockCommittedEvent(SKU, "ord-1", 4, 6, 0));
    }

    @Test
    void committingTwiceChangesNothing() {
        fixture.given(tenOnHand())
                .andGiven(new StockReservedEvent(SKU, "ord-1", 4, 4), new StockCommittedEvent(SKU, "ord-1", 4, 6, 0))
                .when(new CommitStockCommand(SKU, "ord-1"))
                .expectNoEvents();
    }

    @Test
    void anAdjustmentMayNotCutIntoReservedUnits() {
        fixture.given(tenOnHand())
                .andGiven(new StockReservedEvent(SKU, "ord-1", 7, 7))
                .when(new AdjustStockCommand(SKU, -4, "count", null))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
        fixture.given(tenOnHand())
                .andGiven(new StockReservedEvent(SKU, "ord-1", 7, 7))
                .when(new AdjustStockCommand(SKU, -3, "count", null))
                .expectEvents(new StockAdjustedEvent(SKU, -3, "count", 7));
    }

    @Test
    void releasedUnitsCanBeReservedAgain() {
        fixture.given(tenOnHand())
                .andGiven(
                        new StockReservedEvent(SKU, "ord-1", 10, 10),
                        new StockReleasedEvent(SKU, "ord-1", 10, "payment-timeout", 0))
                .when(new ReserveStockCommand(SKU, "ord-2", 10))
                .expectEvents(new StockReservedEvent(SKU, "ord-2", 10, 10));
    }
}
