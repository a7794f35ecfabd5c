package io.tally.domain.order.pricing;

import io.tally.api.common.Money;
import io.tally.api.inventory.ItemQuote;
import io.tally.api.order.OrderLine;
import io.tally.api.order.OrderTotals;
import io.tally.domain.BusinessRuleViolation;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Prices an order in integer minor units. Per line: subtotal = unit price x quantity; the
 * discount is taken off the line; tax = (subtotal - discount) x rate, rounded half-even to the
 * minor unit on each line; total = subtotal - discount + tax. The order's totals are the sums of
 * its lines. No floating point anywhere. An order whose total (or any line's subtotal) would exceed
 * {@link Money#MAX_AMOUNT} is refused as {@code amount-out-of-range}, never wrapped or rounded.
 */
public final class OrderPricing {

    private static final BigDecimal BASIS_POINTS = BigDecimal.valueOf(10_000);

    private OrderPricing() {}

    public record QuotedLine(ItemQuote quote, long quantity) {}

    public record PricedOrder(List<OrderLine> lines, OrderTotals totals) {}

    public static PricedOrder price(String currency, List<QuotedLine> quoted, DiscountCode discount) {
        PricedOrder priced;
        try {
            priced = priceExactly(currency, quoted, discount);
        } catch (ArithmeticException overflow) {
            throw outOfRange();
        }
        for (OrderLine line : priced.lines()) {
            if (line.subtotal().amount() > Money.MAX_AMOUNT) {
                throw outOfRange();
            }
        }
        if (priced.totals().subtotal().amount() > Money.MAX_AMOUNT
                || priced.totals().total().amount() > Money.MAX_AMOUNT) {
            throw outOfRange();
        }
        return priced;
    }

    private static BusinessRuleViolation outOfRange() {
        return new BusinessRuleViolation(
                "amount-out-of-range",
                "the order's unit prices times quantities exceed " + Money.MAX_AMOUNT
                        + " minor units, the largest amount Tally accepts");
    }

    private static PricedOrder priceExactly(String currency, List<QuotedLine> quoted, DiscountCode discount) {
        List<Money> subtotals = quoted.stream()
                .map(line -> line.quote().unitPrice().times(line.quantity()))
                .toList();
        long[] discounts = discounts(subtotals, discount);
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < quoted.size(); i++) {
            ItemQuote quote = quoted.get(i).quote();
            Money subtotal = subtotals.get(i);
            Money lineDiscount = Money.of(discounts[i], currency);
            Money net = subtotal.minus(lineDiscount);
            Money tax = Money.of(share(net.amount(), quote.taxRateBasisPoints()), currency);
            lines.add(new OrderLine(
                    quote.sku(),
                    quote.name(),
                    quoted.get(i).quantity(),
                    quote.unitPrice(),
                    quote.taxRateBasisPoints(),
                    subtotal,
                    lineDiscount,
                    tax,
                    net.plus(tax)));
        }
        return new PricedOrder(lines, totalsOf(currency, lines));
    }

    public static OrderTotals totalsOf(String currency, List<OrderLine> lines) {
        Money subtotal = Money.zero(currency);
        Money discount = Money.zero(currency);
        Money tax = Money.zero(currency);
        Money total = Money.zero(currency);
        for (OrderLine line : lines) {
            subtotal = subtotal.plus(line.subtotal());
            discount = discount.plus(line.discount());
            tax = tax.plus(line.tax());
            total = total.plus(line.total());
        }
        return new OrderTotals(subtotal, discount, tax, total);
    }

    /** amount x basisPoints / 10000, rounded half-even. */
    static long share(long amount, long basisPoints) {
        return BigDecimal.valueOf(amount)
                .multiply(BigDecimal.valueOf(basisPoints))
                .divide(BASIS_POINTS, 0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }

    private static long[] discounts(List<Money> subtotals, DiscountCode code) {
        long[] result = new long[subtotals.size()];
        if (code == null) {
            return result;
        }
        if (code.kind() == DiscountCode.Kind.PERCENTAGE) {
            for (int i = 0; i < result.length; i++) {
                result[i] = share(subtotals.get(i).amount(), code.value());
            }
            return result;
        }
        long subtotal = subtotals.stream().mapToLong(Money::amount).reduce(0, Math::addExact);
        long fixed = Math.min(code.value(), subtotal);
        if (fixed == 0) {
            return result;
        }
        // largest remainder: floor shares first, then one unit each to the lines with the biggest remainders
        BigDecimal[] remainders = new BigDecimal[result.length];
        long allocated = 0;
        for (int i = 0; i < result.length; i++) {
            BigDecimal exact = BigDecimal.valueOf(fixed)
                    .multiply(BigDecimal.valueOf(subtotals.get(i).amount()))
                    .divide(BigDecimal.valueOf(subtotal), 12, RoundingMode.DOWN);
            result[i] = exact.setScale(0, RoundingMode.DOWN).longValueExact();
            remainders[i] = exact.subtract(BigDecimal.valueOf(result[i]));
            allocated += result[i];
        }
        long left = fixed - allocated;
        List<Integer> byRemainder = IntStream.range(0, result.length)
                .boxed()
                .sorted(Comparator.comparing((Integer i) -> remainders[i])
                        .reversed()
                        .thenComparing(i -> i))
                .toList();
        for (int k = 0; k < left; k++) {
            result[byRemainder.get(k)]++;
        }
        return result;
    }
}
