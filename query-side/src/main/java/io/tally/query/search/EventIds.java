package io.tally.query.search;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.axonframework.eventhandling.EventMessage;

/** Reads an identifier (a {@code String} record component such as {@code orderId}) out of event payloads. */
public final class EventIds {

    private EventIds() {}

    /**
     * The value of record component {@code component} of an event's payload, for payloads in one
     * of {@code packages} (any package when none are named); null for every other event.
     */
    public static Function<EventMessage<?>, String> component(String component, String... packages) {
        Map<Class<?>, Optional<Method>> accessors = new ConcurrentHashMap<>();
        return event -> {
            Class<?> payloadType = event.getPayloadType();
            if (packages.length > 0 && Arrays.stream(packages).noneMatch(payloadType.getPackageName()::equals)) {
                return null;
            }
            Optional<Method> accessor = accessors.computeIfAbsent(
                    payloadType,
                    type -> type.isRecord()
                            ? Arrays.stream(type.getRecordComponents())
                                    .filter(c -> c.getName().equals(component) && c.getType() == String.class)
                                    .map(RecordComponent::getAccessor)
                                    .findFirst()
                            : Optional.empty());
            if (accessor.isEmpty()) {
                return null;
            }
            try {
                return (String) accessor.get().invoke(event.getPayload());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component + " of " + payloadType.getName(), e);
            }
        };
    }
}
