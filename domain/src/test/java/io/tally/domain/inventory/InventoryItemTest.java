package io.tally.domain.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.api.common.Money;
import io.tally.api.inventory.AdjustStockCommand;
import io.tally.api.inventory.ChangeUnitPriceCommand;
import io.tally.api.inventory.InventoryItemRegisteredEvent;
import io.tally.api.inventory.InventoryItemView;
import io.tally.api.inventory.ReceiveStockCommand;
import io.tally.api.inventory.RegisterInventoryItemCommand;
import io.tally.api.inventory.StockAdjustedEvent;
import io.tally.api.inventory.StockReceivedEvent;
import io.tally.api.inventory.UnitPriceChangedEvent;
import io.tally.domain.BusinessRuleViolation;
import io.tally.domain.InvalidCommandException;
import io.tally.domain.VersionMismatchException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InventoryItemTest {

    private static final String SKU = "MUG-1";
    private static final Money PRICE = Money.of(1999, "EUR");

    private AggregateTestFixture<InventoryItem> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(InventoryItem.class);
    }

    private static InventoryItemRegisteredEvent registered() {
        return new InventoryItemRegisteredEvent(SKU, "Coffee mug", PRICE, 2000);
    }

    private static StockReceivedEvent received(long quantity, long onHand) {
        return new StockReceivedEvent(SKU, quantity, "PO-1", onHand);
    }

    @Test
    void registersAnItemWithPriceAndTaxRate() {
        fixture.givenNoPriorActivity()
                .when(new RegisterInventoryItemCommand(SKU, "Coffee mug", PRICE, 2000))
                .expectSuccessfulHandlerExecution()
                .expectEvents(registered());
    }

    @Test
    void refusesAnInvalidSku() {
        fixture.givenNoPriorActivity()
                .when(new RegisterInventoryItemCommand("no spaces allowed", "Mug", PRICE, 0))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void refusesABlankOrOverlongName() {
        fixture.givenNoPriorActivity()
                .when(new RegisterInventoryItemCommand(SKU, " ", PRICE, 0))
                .expectException(InvalidCommandException.class);
        fixture.givenNoPriorActivity()
                .when(new RegisterInventoryItemCommand(SKU, "x".repeat(201), PRICE, 0))
                .expectException(InvalidCommandException.class);
    }

    @Test
    void refusesANegativeOrHugePrice() {
        fixture.givenNoPriorActivity()
                .when(new RegisterInventoryItemCommand(SKU, "Mug", Money.of(-1, "EUR"), 0))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new RegisterInventoryItemCommand(SKU, "Mug", Money.of(Money.MAX_AMOUNT + 1, "EUR"), 0))
                .expectException(InvalidCommandException.class);
    }

    @Test
    void refusesATaxRateOutsideZeroToHundredPercent() {
        fixture.givenNoPriorActivity()
                .when(new RegisterInventoryItemCommand(SKU, "Mug", PRICE, 10_001))
                .expectException(InvalidCommandException.class);
        fixture.givenNoPriorActivity()
                .when(new RegisterInventoryItemCommand(SKU, "Mug", PRICE, -1))
                .expectException(InvalidCommandException.class);
    }

    @Test
    void receivingStockRaisesOnHandAndAnswersTheNewLevels() {
        fixture.given(registered())
                .when(new ReceiveStockCommand(SKU, 10, "PO-1", null))
                .expectEvents(received(10, 10))
                .expectResultMessagePayloadMatching(new org.hamcrest.BaseMatcher<>() {
                    @Override
                    public boolean matches(Object actual) {
                        InventoryItemView view = (InventoryItemView) actual;
                        return view.onHand() == 10 && view.available() == 10 && view.version() == 1;
                    }

                    @Override
                    public void describeTo(org.hamcrest.Description description) {
                        description.appendText("10 on hand and available at version 1");
                    }
                });
    }

    @Test
    void onHandAccumulatesOverReceipts() {
        fixture.given(registered(), received(10, 10))
                .when(new ReceiveStockCommand(SKU, 5, "PO-2", null))
                .expectEvents(new StockReceivedEvent(SKU, 5, "PO-2", 15));
    }

    @Test
    void refusesANonPositiveQuantity() {
        fixture.given(registered())
                .when(new ReceiveStockCommand(SKU, 0, "PO-1", null))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
        fixture.given(registered())
                .when(new ReceiveStockCommand(SKU, -3, "PO-1", null))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void refusesAnOverlongReference() {
        fixture.given(registered())
                .when(new ReceiveStockCommand(SKU, 1, "r".repeat(501), null))
                .expectException(InvalidCommandException.class);
    }

    @Test
    void adjustsStockDownWithinWhatIsOnHand() {
        fixture.given(registered(), received(10, 10))
                .when(new AdjustStockCommand(SKU, -4, "damaged in transit", null))
                .expectEvents(new StockAdjustedEvent(SKU, -4, "damaged in transit", 6));
    }

    @Test
    void refusesAnAdjustmentThatWouldMakeStockNegative() {
        fixture.given(registered(), received(10, 10))
                .when(new AdjustStockCommand(SKU, -11, "stock count", null))
                .expectException(BusinessRuleViolation.class)
                .expectExceptionMessage("adjusting MUG-1 by -11 would leave -1 on hand, below the 0 reserved")
                .expectNoEvents();
    }

    @Test
    void refusesAZeroAdjustmentAndOneWithoutReason() {
        fixture.given(registered(), received(10, 10))
                .when(new AdjustStockCommand(SKU, 0, "nothing", null))
                .expectException(InvalidCommandException.class);
        fixture.given(registered(), received(10, 10))
                .when(new AdjustStockCommand(SKU, 1, " ", null))
                .expectException(InvalidCommandException.class);
    }

    @Test
    void changesThePrice() {
        fixture.given(registered())
                .when(new ChangeUnitPriceCommand(SKU, Money.of(2499, "EUR"), null))
                .expectEvents(new UnitPriceChangedEvent(SKU, Money.of(2499, "EUR"), PRICE));
    }

    @Test
    void settingTheSamePriceStoresNothing() {
        fixture.given(registered())
                .when(new ChangeUnitPriceCommand(SKU, PRICE, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesANegativePriceAndAnotherCurrency() {
        fixture.given(registered())
                .when(new ChangeUnitPriceCommand(SKU, Money.of(-1, "EUR"), null))
                .expectException(InvalidCommandException.class);
        fixture.given(registered())
                .when(new ChangeUnitPriceCommand(SKU, Money.of(1999, "USD"), null))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void acceptsACommandAtTheCurrentVersion() {
        fixture.given(registered(), received(10, 10))
                .when(new ReceiveStockCommand(SKU, 1, "PO-2", 1L))
                .expectEvents(new StockReceivedEvent(SKU, 1, "PO-2", 11));
    }

    @Test
    void refusesACommandAtAStaleVersion() {
        fixture.given(registered(), received(10, 10))
                .when(new AdjustStockCommand(SKU, -1, "count", 0L))
                .expectException(VersionMismatchException.class)
                .expectNoEvents();
        fixture.given(registered(), received(10, 10))
                .when(new ChangeUnitPriceCommand(SKU, Money.of(1, "EUR"), 5L))
                .expectException(VersionMismatchException.class)
                .expectNoEvents();
    }

    @Test
    void refusesCommandsForAnUnknownSku() {
        fixture.givenNoPriorActivity()
                .when(new ReceiveStockCommand("UNKNOWN", 1, null, null))
                .expectException(org.axonframework.modelling.command.AggregateNotFoundException.class);
    }

    @Test
    void refusesADuplicateSku() {
        fixture.given(registered())
                .when(new RegisterInventoryItemCommand(SKU, "Another mug", PRICE, 0))
                .expectException(org.axonframework.eventsourcing.eventstore.EventStoreException.class);
    }

    @Test
    void versionCountsEverySequenceNumber() {
        InventoryItemView[] answer = new InventoryItemView[1];
        fixture.given(registered(), received(10, 10), new StockAdjustedEvent(SKU, -2, "count", 8))
                .when(new ReceiveStockCommand(SKU, 2, null, 2L))
                .expectResultMessagePayloadMatching(new org.hamcrest.BaseMatcher<>() {
                    @Override
                    public boolean matches(Object actual) {
                        answer[0] = (InventoryItemView) actual;
                        return true;
                    }

                    @Override
                    public void describeTo(org.hamcrest.Description description) {
                        description.appendText("any view");
                    }
                });
        assertThat(answer[0].version()).isEqualTo(3);
        assertThat(answer[0].onHand()).isEqualTo(10);
    }
}
