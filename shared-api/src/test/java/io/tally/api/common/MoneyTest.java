package io.tally.api.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void addsAndSubtractsInMinorUnits() {
        assertThat(Money.of(1999, "EUR").plus(Money.of(1, "EUR"))).isEqualTo(Money.of(2000, "EUR"));
        assertThat(Money.of(500, "EUR").minus(Money.of(700, "EUR"))).isEqualTo(Money.of(-200, "EUR"));
        assertThat(Money.of(1999, "EUR").times(3)).isEqualTo(Money.of(5997, "EUR"));
    }

    @Test
    void refusesToMixCurrencies() {
        assertThatThrownBy(() -> Money.of(1, "EUR").plus(Money.of(1, "USD")))
                .isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> Money.of(1, "EUR").isGreaterThan(Money.of(1, "USD")))
                .isInstanceOf(CurrencyMismatchException.class);
    }

    @Test
    void refusesOverflowInsteadOfWrapping() {
        assertThatThrownBy(() -> Money.of(Long.MAX_VALUE, "EUR").plus(Money.of(1, "EUR")))
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.of(Long.MAX_VALUE / 2 + 1, "EUR").times(2))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void acceptsOnlyUpperCaseIsoCodes() {
        assertThat(Money.isIsoCurrency("EUR")).isTrue();
        assertThat(Money.isIsoCurrency("JPY")).isTrue();
        assertThat(Money.isIsoCurrency("eur")).isFalse();
        assertThat(Money.isIsoCurrency("EURO")).isFalse();
        assertThat(Money.isIsoCurrency("ABC")).isFalse();
        assertThat(Money.isIsoCurrency(null)).isFalse();
        assertThatThrownBy(() -> Money.of(1, "ABC")).isInstanceOf(IllegalArgumentException.class);
    }
}
