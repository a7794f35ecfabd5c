package io.tally.axon.eventstore;

import io.tally.axon.TallyAxonProperties;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The event store's migration as a step of its own, run by its owner before the services start
 * ({@code ./tally migrate}, which {@code ./tally up} runs first; docker-compose's {@code migrate}
 * job): {@code java -jar command-side.jar migrate-event-store}. It reads {@code TALLY_DB_URL},
 * {@code TALLY_DB_OWNER_USER} (default {@code tally_owner}), {@code TALLY_DB_OWNER_PASSWORD} and the
 * roles to grant ({@code TALLY_COMMAND_DB_USER}, {@code TALLY_QUERY_DB_USER},
 * {@code TALLY_SEALER_DB_USER}), migrates, grants, and exits; the services then run without the
 * owner's credentials (issue 34, point 3).
 */
public final class MigrateEventStore {

    public static final String COMMAND = "migrate-event-store";

    private MigrateEventStore() {}

    /** Migrates with the environment's settings; answers the exit status. */
    public static int run(Map<String, String> env) {
        String url = env.get("TALLY_DB_URL");
        if (url == null || url.isBlank()) {
            System.err.println("migrate-event-store: TALLY_DB_URL names the database");
            return 2;
        }
        String owner = env.getOrDefault("TALLY_DB_OWNER_USER", "tally_owner");
        TallyAxonProperties properties = new TallyAxonProperties(
                env.get("TALLY_EVENT_SCHEMA"),
                "tally_command",
                null,
                null,
                owner,
                env.getOrDefault("TALLY_DB_OWNER_PASSWORD", ""),
                env.getOrDefault("TALLY_COMMAND_DB_USER", "tally_command"),
                env.getOrDefault("TALLY_QUERY_DB_USER", "tally_query"),
                env.getOrDefault("TALLY_SEALER_DB_USER", "tally_sealer"),
                List.of(),
                List.of());
        try {
            EventStoreSchema.migrateAsOwner(
                    new DriverManagerDataSource(url, owner, properties.ownerPassword()), properties);
        } catch (RuntimeException e) {
            System.err.println("migrate-event-store: " + e.getMessage());
            return 1;
        }
        System.out.println("the event store " + properties.eventSchema() + " is migrated and its roles granted");
        return 0;
    }
}
