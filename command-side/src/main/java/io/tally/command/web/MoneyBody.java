package io.tally.command.web;

import io.tally.api.common.Money;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Money as clients send it: an integer amount in minor units (0 to 10^15) and an ISO-4217 code. */
public record MoneyBody(
        @NotNull @Min(0) @Max(Money.MAX_AMOUNT) Long amount,
        @NotNull @IsoCurrency String currency) {

    public Money toMoney() {
        return new Money(amount, currency);
    }
}
