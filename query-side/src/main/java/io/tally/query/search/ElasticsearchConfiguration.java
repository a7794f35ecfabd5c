package io.tally.query.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Elasticsearch client, defined here because Boot 4 no longer wires the 8.x REST client. */
@Configuration
class ElasticsearchConfiguration {

    /**
     * With a user name ({@code TALLY_ES_USERNAME}, {@code TALLY_ES_PASSWORD}) every request carries
     * HTTP basic credentials, as a cluster with security on asks (docker-compose); without one none,
     * as the embedded default runs.
     */
    @Bean(destroyMethod = "close")
    RestClient elasticsearchRestClient(
            @Value("${tally.elasticsearch.url}") String url,
            @Value("${tally.elasticsearch.username:}") String username,
            @Value("${tally.elasticsearch.password:}") String password) {
        org.elasticsearch.client.RestClientBuilder builder = RestClient.builder(HttpHost.create(url))
                .setRequestConfigCallback(
                        config -> config.setConnectTimeout(2_000).setSocketTimeout(30_000));
        if (!username.isBlank()) {
            String credentials = java.util.Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            builder.setDefaultHeaders(new org.apache.http.Header[] {
                new org.apache.http.message.BasicHeader("Authorization", "Basic " + credentials)
            });
        }
        return builder.build();
    }

    @Bean
    ElasticsearchClient elasticsearchClient(RestClient restClient) {
        return new ElasticsearchClient(new RestClientTransport(restClient, new Jackson3JsonpMapper()));
    }
}
