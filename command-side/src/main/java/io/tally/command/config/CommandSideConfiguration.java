package io.tally.command.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.tally.command.order.FulfilmentProperties;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration
@EnableScheduling
@EnableConfigurationProperties(FulfilmentProperties.class)
class CommandSideConfiguration {

    /** The aggregates seal personal data with the customers' keys in PostgreSQL. */
    @Bean
    io.tally.command.PersonalDataVault personalDataVault(io.tally.axon.PersonalData personalData) {
        return personalData::seal;
    }

    /**
     * An inventory item lives as long as its SKU is sold and every order reserves on it, so its
     * stream grows without end; after this many events loaded, Axon stores a snapshot and the next
     * load reads the snapshot plus the events after it. Orders and payments stay short and have none.
     */
    @Bean
    SnapshotTriggerDefinition inventorySnapshotTrigger(Snapshotter snapshotter,
                                                       @Value("${tally.snapshots.inventory-threshold:50}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    static final String SAGA_PROCESSOR = "OrderFulfillmentSagaProcessor";

    @Bean
    ConfigurerModule sagaErrorHandling(MeterRegistry meters) {
        SagaErrorHandler handler = new SagaErrorHandler(meters);
        return configurer -> configurer.eventProcessing()
                                       .registerListenerInvocationErrorHandler(SAGA_PROCESSOR, config -> handler);
    }
}
