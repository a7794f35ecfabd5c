package io.tally.axon;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param eventSchema   the PostgreSQL schema holding the event store, shared by every service
 * @param serviceSchema    the PostgreSQL schema holding this service's own tables (tokens, sagas, dead letters)
 * @param fetchDelayMillis how long event processors wait before polling the event store again when idle
 */
@ConfigurationProperties("tally.axon")
public record TallyAxonProperties(String eventSchema, String serviceSchema, Long fetchDelayMillis) {

    public TallyAxonProperties {
        eventSchema = eventSchema == null ? "tally_events" : eventSchema;
        fetchDelayMillis = fetchDelayMillis == null ? 50L : fetchDelayMillis;
        if (serviceSchema == null || serviceSchema.isBlank()) {
            throw new IllegalArgumentException("tally.axon.service-schema must name this service's schema");
        }
    }

    public String serviceTable(String table) {
        return serviceSchema + "." + table;
    }

    public String eventTable(String table) {
        return eventSchema + "." + table;
    }
}
