package io.tally.axon.messaging;

/** The metadata keys every command and event carries: who, what started it, what caused it, which request. */
public final class MessageMetadata {

    public static final String PRINCIPAL = "principal";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";

    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    /** The principal recorded for messages that no authenticated user sent. */
    public static final String SYSTEM_PRINCIPAL = "system";

    private MessageMetadata() {
    }
}
