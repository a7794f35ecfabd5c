package io.tally.axon.audit;

/**
 * A seal run that stopped instead of signing: {@code reason} {@code event-unauthenticated} (no MAC,
 * or one this key did not make), {@code event-altered} (the hash does not match the fields) at
 * {@code globalIndex}; or, for the run as a whole ({@code globalIndex} null),
 * {@code witness-unavailable} or {@code witness-disagrees}.
 */
public final class SealRefused extends RuntimeException {

    private final String reason;
    private final Long globalIndex;

    SealRefused(String reason, Long globalIndex, String detail) {
        super("sealing refused: " + reason + (globalIndex == null ? "" : " at global index " + globalIndex) + ": "
                + detail);
        this.reason = reason;
        this.globalIndex = globalIndex;
    }

    public String reason() {
        return reason;
    }

    public Long globalIndex() {
        return globalIndex;
    }
}
