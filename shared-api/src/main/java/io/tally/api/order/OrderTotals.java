package io.tally.api.order;

import io.tally.api.common.Money;

public record OrderTotals(Money subtotal, Money discount, Money tax, Money total) {}
