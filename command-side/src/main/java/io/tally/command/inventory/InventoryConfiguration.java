package io.tally.command.inventory;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class InventoryConfiguration {

    /**
     * An inventory item lives as long as its SKU is sold and every order reserves on it, so its
     * stream grows without end; after this many events loaded, Axon stores a snapshot and the next
     * load reads the snapshot plus the events after it. Orders and payments stay short and have none.
     */
    @Bean
    SnapshotTriggerDefinition inventorySnapshotTrigger(
            Snapshotter snapshotter, @Value("${tally.snapshots.inventory-threshold:50}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }
}
