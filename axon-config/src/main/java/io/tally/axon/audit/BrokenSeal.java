package io.tally.axon.audit;

/**
 * The first seal that no longer matches its events, its predecessor, its signature or the witness,
 * and why: {@code seal-missing}, {@code seal-chain-broken}, {@code seal-signature-invalid},
 * {@code sealed-events-changed}, {@code seal-public-key-missing}, {@code witness-unavailable},
 * {@code witness-conflict}, or a standing refusal of the sealer ({@code event-altered},
 * {@code event-unauthenticated}).
 */
public record BrokenSeal(Seal seal, String reason) {}
