package io.tally.domain.order.pricing;

import java.util.Arrays;
import java.util.Optional;

/**
 * The discount codes Tally knows. A percentage code takes that share off every line; a fixed
 * code takes an amount of minor units of the order's currency off the subtotal (never more than
 * the subtotal), spread over the lines in proportion to their subtotals.
 */
public enum DiscountCode {
    WELCOME10(Kind.PERCENTAGE, 1_000),
    SPRING25(Kind.PERCENTAGE, 2_500),
    FIVEOFF(Kind.FIXED, 500),
    TENOFF(Kind.FIXED, 1_000);

    public enum Kind {
        PERCENTAGE,
        FIXED
    }

    private final Kind kind;
    private final long value;

    DiscountCode(Kind kind, long value) {
        this.kind = kind;
        this.value = value;
    }

    public Kind kind() {
        return kind;
    }

    /** Basis points of the line subtotal for a percentage code; minor units for a fixed code. */
    public long value() {
        return value;
    }

    public static Optional<DiscountCode> find(String code) {
        return Arrays.stream(values()).filter(d -> d.name().equals(code)).findFirst();
    }
}
