package io.tally.axon.messaging;

/**
 * The metadata keys every command and event carries: who, what started it, what caused it, which
 * request. {@code principal}, {@code correlationId} and {@code causationId} are the server's own;
 * what a client chose is stored under a name that says so ({@code clientCorrelationId}) or that
 * the contract defines as the client's ({@code idempotencyKey}), and only in the form {@link
 * #isClientValue} allows.
 */
public final class MessageMetadata {

    public static final String PRINCIPAL = "principal";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    public static final String CLIENT_CORRELATION_ID = "clientCorrelationId";

    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    /** The principal recorded for messages that no authenticated user sent. */
    public static final String SYSTEM_PRINCIPAL = "system";

    /** What {@link #isClientValue} asks of a header a client sends into the history. */
    public static final String CLIENT_VALUE_RULE = "must be 1 to 255 printable ASCII characters";

    private MessageMetadata() {}

    /** 1 to 255 printable ASCII characters: no control characters, line breaks or other encodings. */
    public static boolean isClientValue(String value) {
        if (value == null || value.isEmpty() || value.length() > 255) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
