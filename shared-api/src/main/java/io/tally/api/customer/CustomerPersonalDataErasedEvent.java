package io.tally.api.customer;

/**
 * The customer's data keys were destroyed: their name and email read as erased in every event and
 * copy from now on. Who asked is in the event's metadata ({@code principal}).
 */
public record CustomerPersonalDataErasedEvent(String customerId) {}
