package io.tally.query.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health}'s {@code elasticsearch} component, part of the readiness group: UP
 * while the cluster answers green or yellow (one node holds no replicas), DOWN when it is red or
 * does not answer within 2 s. The search read models cannot be written or read without it.
 */
@Component("elasticsearch")
class ElasticsearchHealth extends AbstractHealthIndicator {

    private final ElasticsearchClient client;

    ElasticsearchHealth(ElasticsearchClient client) {
        super("Elasticsearch health check failed");
        this.client = client;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        HealthResponse health = client.cluster().health(h -> h.timeout(t -> t.time("2s")));
        if (health.status() == HealthStatus.Red) {
            builder.down();
        } else {
            builder.up();
        }
        builder.withDetail("status", health.status().jsonValue()).withDetail("nodes", health.numberOfNodes());
    }
}
