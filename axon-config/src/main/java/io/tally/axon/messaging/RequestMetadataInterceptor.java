package io.tally.axon.messaging;

import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Stamps a message sent from an HTTP request (a command, or an event published outside any
 * handler, such as an erasure) with who sent it and which request it belongs to. The correlation
 * id is always the first message's own id; a client's {@code X-Correlation-Id} is kept beside it as
 * {@code clientCorrelationId}. Messages sent while another message is handled (by a saga, say) get
 * the same keys from {@link CausationCorrelationDataProvider} instead.
 */
class RequestMetadataInterceptor<M extends Message<?>> implements MessageDispatchInterceptor<M> {

    @Override
    @SuppressWarnings("unchecked")
    public BiFunction<Integer, M, M> handle(List<? extends M> messages) {
        return (index, message) ->
                CurrentUnitOfWork.isStarted() ? message : (M) message.andMetaData(metadataFor(message));
    }

    private static MetaData metadataFor(Message<?> message) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(MessageMetadata.PRINCIPAL, principal());
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            String correlation = request.getHeader(MessageMetadata.CORRELATION_HEADER);
            if (MessageMetadata.isClientValue(correlation)) {
                metadata.put(MessageMetadata.CLIENT_CORRELATION_ID, correlation);
            }
            String idempotencyKey = request.getHeader(MessageMetadata.IDEMPOTENCY_HEADER);
            if (MessageMetadata.isClientValue(idempotencyKey)) {
                metadata.put(MessageMetadata.IDEMPOTENCY_KEY, idempotencyKey);
            }
        }
        metadata.put(MessageMetadata.CORRELATION_ID, message.getIdentifier());
        metadata.put(MessageMetadata.CAUSATION_ID, message.getIdentifier());
        return MetaData.from(metadata);
    }

    private static String principal() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? MessageMetadata.SYSTEM_PRINCIPAL : authentication.getName();
    }
}
