package io.tally.axon.messaging;

import java.util.HashMap;
import java.util.Map;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

/**
 * Copies principal, correlation id, idempotency key and the client's correlation id from the message being handled onto every
 * message it causes, and names the handled message as their cause. Replaces Axon's
 * MessageOriginProvider, whose "correlationId" means the direct cause.
 */
class CausationCorrelationDataProvider implements CorrelationDataProvider {

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        Map<String, Object> data = new HashMap<>();
        Object principal = message.getMetaData().get(MessageMetadata.PRINCIPAL);
        data.put(MessageMetadata.PRINCIPAL, principal == null ? MessageMetadata.SYSTEM_PRINCIPAL : principal);
        Object correlationId = message.getMetaData().get(MessageMetadata.CORRELATION_ID);
        data.put(MessageMetadata.CORRELATION_ID, correlationId == null ? message.getIdentifier() : correlationId);
        data.put(MessageMetadata.CAUSATION_ID, message.getIdentifier());
        for (String key : new String[] {MessageMetadata.IDEMPOTENCY_KEY, MessageMetadata.CLIENT_CORRELATION_ID}) {
            Object value = message.getMetaData().get(key);
            if (value != null) {
                data.put(key, value);
            }
        }
        return data;
    }
}
