package io.tally.api.order;

public record FindOrderQuery(String orderId) {}
