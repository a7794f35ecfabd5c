package io.tally.query.inventory;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.tally.axon.segments.SegmentClaims;
import io.tally.query.projection.ProjectionNames;
import io.tally.query.projection.ReadModel;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The inventory projections as a replay sees them. */
@Configuration
class InventoryReadModels {

    @Bean
    ReadModel inventoryPgReadModel() {
        return ReadModel.tables(
                ProjectionNames.INVENTORY_PG,
                List.of("inventory_item"),
                target -> new InventoryProjector(target.writes()));
    }

    @Bean
    ReadModel inventoryEsReadModel(ElasticsearchClient client, SegmentClaims claims) {
        return ReadModel.index(
                ProjectionNames.INVENTORY_ES,
                ProductSearchIndexer.ALIAS,
                ProductSearchIndexer::mapping,
                target -> new ProductSearchIndexer(client, target.indices(), claims));
    }
}
