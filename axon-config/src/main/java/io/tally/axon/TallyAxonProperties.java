package io.tally.axon;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param eventSchema   the PostgreSQL schema holding the event store, shared by every service
 * @param serviceSchema the PostgreSQL schema holding this service's own tables (tokens, sagas, dead letters)
 */
@ConfigurationProperties("tally.axon")
public record TallyAxonProperties(String eventSchema, String serviceSchema) {

    public TallyAxonProperties {
        eventSchema = eventSchema == null ? "tally_events" : eventSchema;
        if (serviceSchema == null || serviceSchema.isBlank()) {
            throw new IllegalArgumentException("tally.axon.service-schema must name this service's schema");
        }
    }

    String serviceTable(String table) {
        return serviceSchema + "." + table;
    }

    String eventTable(String table) {
        return eventSchema + "." + table;
    }
}
