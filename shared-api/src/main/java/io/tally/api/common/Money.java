package io.tally.api.common;

import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in integer minor units of an ISO-4217 currency. Arithmetic is exact: mixing
 * currencies or overflowing a {@code long} throws instead of rounding or wrapping.
 */
public record Money(long amount, String currency) {

    /** The largest magnitude the API accepts for a single amount (10^15 minor units). */
    public static final long MAX_AMOUNT = 1_000_000_000_000_000L;

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!isIsoCurrency(currency)) {
            throw new IllegalArgumentException("not an ISO-4217 currency code: " + currency);
        }
    }

    public static Money of(long amount, String currency) {
        return new Money(amount, currency);
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public static boolean isIsoCurrency(String code) {
        if (code == null || code.length() != 3 || !code.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            return false;
        }
        try {
            return Currency.getInstance(code).getCurrencyCode().equals(code);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(amount, other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(amount, other.amount), currency);
    }

    public Money times(long factor) {
        return new Money(Math.multiplyExact(amount, factor), currency);
    }

    public boolean isGreaterThan(Money other) {
        requireSameCurrency(other);
        return amount > other.amount;
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new CurrencyMismatchException(currency, other.currency);
        }
    }

    @Override
    public String toString() {
        return amount + " " + currency;
    }
}
