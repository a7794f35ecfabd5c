package io.tally.command;

import io.tally.axon.aggregatecache.AggregateCacheConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * REST to commands: the aggregates of {@code io.tally.domain} decide (scanned here, so Axon registers
 * them), the fulfillment saga drives each order, seals are made on a schedule.
 */
@SpringBootApplication(scanBasePackages = {"io.tally.command", "io.tally.domain"})
@EnableScheduling
@Import(AggregateCacheConfiguration.class)
public class CommandSideApplication {

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        io.tally.axon.NoJavaDeserialisation.install();
        if (args.length > 0 && args[0].equals(io.tally.axon.eventstore.MigrateEventStore.COMMAND)) {
            // the owner's step before the services start: migrate the event store, grant, exit
            System.exit(io.tally.axon.eventstore.MigrateEventStore.run(System.getenv()));
        }
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
