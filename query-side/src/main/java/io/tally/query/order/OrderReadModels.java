package io.tally.query.order;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.tally.axon.privacy.PersonalData;
import io.tally.axon.segments.SegmentClaims;
import io.tally.query.projection.ProjectionNames;
import io.tally.query.projection.ReadModel;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The order projections as a replay sees them. */
@Configuration
class OrderReadModels {

    @Bean
    ReadModel ordersPgReadModel(JsonMapper json, OrderUpdates updates) {
        return ReadModel.tables(
                ProjectionNames.ORDERS_PG,
                List.of("order_view"),
                target -> new OrderProjector(target.writes(), json, updates));
    }

    @Bean
    ReadModel ordersEsReadModel(ElasticsearchClient client, PersonalData personalData, SegmentClaims claims) {
        return ReadModel.index(
                ProjectionNames.ORDERS_ES,
                OrderIndex.ALIAS,
                OrderIndex::mapping,
                target -> new OrderSearchIndexer(client, target.indices(), personalData, claims));
    }
}
