package io.tally.domain.order.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.api.common.Money;
import io.tally.api.inventory.ItemQuote;
import io.tally.api.order.OrderLine;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderPricingTest {

    private static OrderPricing.QuotedLine line(String sku, long unitPrice, int taxBp, long quantity) {
        return new OrderPricing.QuotedLine(new ItemQuote(sku, sku, Money.of(unitPrice, "EUR"), taxBp), quantity);
    }

    @Test
    void taxIsPerLineRoundedHalfEven() {
        // 1250 x 19% = 237.5 -> 238 (8 is even); 1150 x 19% = 218.5 -> 218 (8 is even); 50 x 7% = 3.5 -> 4
        var priced = OrderPricing.price(
                "EUR", List.of(line("A", 1250, 1900, 1), line("B", 1150, 1900, 1), line("C", 50, 700, 1)), null);
        assertThat(priced.lines()).extracting(l -> l.tax().amount()).containsExactly(238L, 218L, 4L);
        assertThat(priced.totals().tax()).isEqualTo(Money.of(460, "EUR"));
        assertThat(priced.totals().total()).isEqualTo(Money.of(1250 + 1150 + 50 + 460, "EUR"));
    }

    @Test
    void aPercentageCodeDiscountsEachLineBeforeTax() {
        var priced = OrderPricing.price(
                "EUR", List.of(line("BOOK", 3999, 700, 2), line("PEN", 1250, 1900, 1)), DiscountCode.WELCOME10);
        OrderLine book = priced.lines().get(0);
        assertThat(book.subtotal()).isEqualTo(Money.of(7998, "EUR"));
        assertThat(book.discount()).isEqualTo(Money.of(800, "EUR")); // 799.8 -> 800
        assertThat(book.tax()).isEqualTo(Money.of(504, "EUR")); // 7198 x 7% = 503.86
        assertThat(priced.totals().discount()).isEqualTo(Money.of(925, "EUR"));
        assertThat(priced.totals().total()).isEqualTo(Money.of(9041, "EUR"));
    }

    @Test
    void aFixedCodeIsSpreadOverLinesAndAddsUpExactly() {
        var priced = OrderPricing.price(
                "EUR", List.of(line("A", 100, 0, 1), line("B", 100, 0, 1), line("C", 100, 0, 1)), DiscountCode.FIVEOFF);
        // 300 subtotal, capped discount 300 -> every line fully discounted
        assertThat(priced.totals().discount()).isEqualTo(Money.of(300, "EUR"));
        var uneven = OrderPricing.price(
                "EUR",
                List.of(line("A", 1000, 0, 1), line("B", 1000, 0, 1), line("C", 1000, 0, 1)),
                DiscountCode.TENOFF);
        assertThat(uneven.lines()).extracting(l -> l.discount().amount()).containsExactly(334L, 333L, 333L);
        assertThat(uneven.totals().discount()).isEqualTo(Money.of(1000, "EUR"));
        assertThat(uneven.totals().total()).isEqualTo(Money.of(2000, "EUR"));
    }

    @Test
    void linesAlwaysAddUpToTheTotals() {
        var priced = OrderPricing.price(
                "EUR",
                List.of(line("A", 333, 2000, 3), line("B", 1, 1900, 7), line("C", 99_999, 550, 2)),
                DiscountCode.SPRING25);
        long total = priced.lines().stream().mapToLong(l -> l.total().amount()).sum();
        assertThat(priced.totals().total().amount()).isEqualTo(total);
        for (OrderLine l : priced.lines()) {
            assertThat(l.total()).isEqualTo(l.subtotal().minus(l.discount()).plus(l.tax()));
        }
    }

    @Test
    void knowsItsDocumentedCodes() {
        assertThat(DiscountCode.find("WELCOME10")).hasValue(DiscountCode.WELCOME10);
        assertThat(DiscountCode.find("welcome10")).isEmpty();
        assertThat(DiscountCode.find("NOPE")).isEmpty();
    }

    @Test
    void aPriceTimesAQuantityBeyondTheLargestAmountIsRefusedNeverWrapped() {
        // beyond a long: Math.multiplyExact throws, answered as the rule, not as an arithmetic failure
        assertThatThrownBy(() -> OrderPricing.price("EUR", List.of(line("A", Long.MAX_VALUE / 2, 0, 3)), null))
                .isInstanceOf(io.tally.domain.BusinessRuleViolation.class)
                .hasFieldOrPropertyWithValue("code", "amount-out-of-range");
        // within a long but beyond 10^15 minor units
        assertThatThrownBy(() -> OrderPricing.price("EUR", List.of(line("A", 1_000_000_000_000L, 0, 1001)), null))
                .hasFieldOrPropertyWithValue("code", "amount-out-of-range");
        // two lines each within the limit whose sum is not
        assertThatThrownBy(() -> OrderPricing.price(
                        "EUR", List.of(line("A", Money.MAX_AMOUNT, 0, 1), line("B", Money.MAX_AMOUNT, 0, 1)), null))
                .hasFieldOrPropertyWithValue("code", "amount-out-of-range");
        // the largest amount itself is fine
        assertThat(OrderPricing.price("EUR", List.of(line("A", Money.MAX_AMOUNT, 0, 1)), null)
                        .totals()
                        .total())
                .isEqualTo(Money.of(Money.MAX_AMOUNT, "EUR"));
    }
}
