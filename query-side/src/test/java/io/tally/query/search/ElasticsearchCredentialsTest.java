package io.tally.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docker-compose runs Elasticsearch with security on (issue 34, point 9): the query side's client
 * must present its user on every request, and the embedded default (no user) must send nothing.
 * Checked at the socket, by an HTTP server standing in for the cluster: this machine's
 * Elasticsearch (the integ-test distribution) has no security module to run it against.
 */
class ElasticsearchCredentialsTest {

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-elastic-product", "Elasticsearch");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aConfiguredUserIsSentOnEveryRequestAndNoneOtherwise() throws Exception {
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        try (RestClient client =
                new ElasticsearchConfiguration().elasticsearchRestClient(url, "tally_query", "s3cr:t")) {
            client.performRequest(new Request("GET", "/_cluster/health"));
            client.performRequest(new Request("PUT", "/orders"));
        }
        try (RestClient client = new ElasticsearchConfiguration().elasticsearchRestClient(url, "", "")) {
            client.performRequest(new Request("GET", "/_cluster/health"));
        }
        String basic =
                "Basic " + Base64.getEncoder().encodeToString("tally_query:s3cr:t".getBytes(StandardCharsets.UTF_8));
        assertThat(authorizations).containsExactly(basic, basic, "null");
    }
}
