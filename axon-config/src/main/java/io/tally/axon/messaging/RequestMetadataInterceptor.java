package io.tally.axon.messaging;

import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Stamps a command sent from an HTTP request with who sent it and which request it belongs to.
 * Commands sent while another message is handled (by a saga, say) get the same keys from
 * {@link CausationCorrelationDataProvider} instead.
 */
class RequestMetadataInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> CurrentUnitOfWork.isStarted() ? command : command.andMetaData(metadataFor(command));
    }

    private static MetaData metadataFor(CommandMessage<?> command) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(MessageMetadata.PRINCIPAL, principal());
        String correlationId = command.getIdentifier();
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            String header = request.getHeader(MessageMetadata.CORRELATION_HEADER);
            if (header != null && !header.isBlank() && header.length() <= 255) {
                correlationId = header;
            }
            String idempotencyKey = request.getHeader(MessageMetadata.IDEMPOTENCY_HEADER);
            if (idempotencyKey != null && !idempotencyKey.isEmpty()) {
                metadata.put(MessageMetadata.IDEMPOTENCY_KEY, idempotencyKey);
            }
        }
        metadata.put(MessageMetadata.CORRELATION_ID, correlationId);
        metadata.put(MessageMetadata.CAUSATION_ID, correlationId);
        return MetaData.from(metadata);
    }

    private static String principal() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? MessageMetadata.SYSTEM_PRINCIPAL : authentication.getName();
    }
}
