package io.tally.query.order;

import io.tally.axon.segments.SegmentClaims;

import io.tally.query.projection.ProjectionNames;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.tally.axon.privacy.PersonalData;
import io.tally.query.projection.ReadModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/** The order projections as a replay sees them. */
@Configuration
class OrderReadModels {

    @Bean
    ReadModel ordersPgReadModel(JsonMapper json, OrderUpdates updates) {
        return ReadModel.tables(ProjectionNames.ORDERS_PG, List.of("order_view"),
                target -> new OrderProjector(target.writes(), json, updates));
    }

    @Bean
    ReadModel ordersEsReadModel(ElasticsearchClient client, PersonalData personalData, SegmentClaims claims) {
        return ReadModel.index(ProjectionNames.ORDERS_ES, OrderIndex.ALIAS, OrderIndex::mapping,
                target -> new OrderSearchIndexer(client, target.indices(), personalData, claims));
    }
}
