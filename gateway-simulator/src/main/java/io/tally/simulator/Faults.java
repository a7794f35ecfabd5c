package io.tally.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Which fault, if any, the next request of an operation meets: the faults armed for it, first come
 * first served, else the fault its test token names. Not thread-safe: guarded by the simulator's lock.
 */
final class Faults {

    static final List<String> OPERATIONS = List.of("authorize", "capture", "cancel", "refund");
    static final int MAX_ARMED = 1000;

    private final Map<String, List<Fault>> armed = new HashMap<>();
    private final Set<String> failedOnce = new HashSet<>();

    /** The fault of the next {@code operation} request, or null to act normally. */
    Fault take(String operation, JsonNode body, String key) {
        List<Fault> queue = armed.get(operation);
        if (queue != null && !queue.isEmpty()) {
            return queue.remove(0);
        }
        if (!operation.equals("authorize")) {
            return null;
        }
        return switch (body.path("payment_method").asString("")) {
            case "tok_timeout" -> Fault.HANG;
            case "tok_slow" -> Fault.SLOW;
            case "tok_drop_after_charge" -> Fault.DROP_AFTER_APPLY;
            case "tok_timeout_after_charge" -> Fault.TIMEOUT_AFTER_APPLY;
            case "tok_error_once" ->
                failedOnce.add(key == null ? UUID.randomUUID().toString() : key) ? Fault.ERROR : null;
            default -> null;
        };
    }

    /**
     * Arms {@code {"operation", "mode", "count"}} for the next requests of the operation.
     *
     * @return how many are armed for it now
     * @throws IllegalArgumentException for an unknown operation or mode, or more than {@value #MAX_ARMED}
     */
    int arm(JsonNode request) {
        String operation = request.get("operation").asString();
        Fault fault = Fault.valueOf(request.get("mode").asString().toUpperCase().replace('-', '_'));
        int count = request.path("count").asInt(1);
        List<Fault> armedFor = armed.getOrDefault(operation, List.of());
        if (!OPERATIONS.contains(operation) || count < 1 || count > MAX_ARMED || armedFor.size() + count > MAX_ARMED) {
            throw new IllegalArgumentException(operation);
        }
        List<Fault> queue = armed.computeIfAbsent(operation, op -> new ArrayList<>());
        for (int i = 0; i < count; i++) {
            queue.add(fault);
        }
        return queue.size();
    }

    void disarm() {
        armed.clear();
    }
}
