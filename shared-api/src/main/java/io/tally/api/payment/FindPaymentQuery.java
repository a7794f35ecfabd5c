package io.tally.api.payment;

public record FindPaymentQuery(String paymentId) {}
