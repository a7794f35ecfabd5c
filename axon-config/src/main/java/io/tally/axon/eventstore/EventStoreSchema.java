package io.tally.axon.eventstore;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/**
 * Migrates the shared event-store schema. Every service runs it at start; Flyway's lock makes
 * concurrent starts safe, and a service that finds the schema current changes nothing.
 */
public final class EventStoreSchema {

    private EventStoreSchema(DataSource dataSource, String schema) {
        Flyway.configure()
              .dataSource(dataSource)
              .schemas(schema)
              .table("flyway_history")
              .locations("classpath:db/events")
              .load()
              .migrate();
    }

    static EventStoreSchema migrate(DataSource dataSource, String schema) {
        return new EventStoreSchema(dataSource, schema);
    }
}
