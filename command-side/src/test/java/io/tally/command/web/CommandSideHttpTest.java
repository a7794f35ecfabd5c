package io.tally.command.web;

import io.tally.dev.TestStores;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the command side's HTTP tests: the real application on a random port, over real HTTP,
 * against the run's real PostgreSQL. Every subclass shares one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class CommandSideHttpTest {

    protected static final TestStores STORES = TestStores.get();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        STORES.springProperties(io.tally.dev.DatabaseRoles.COMMAND)
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    protected static String token(String role) {
        return STORES.token("test-" + role.toLowerCase(), role);
    }

    protected static String uniqueSku() {
        return "SKU-" + UUID.randomUUID().toString().substring(0, 18);
    }

    protected HttpResponse<String> send(
            String method, String path, String token, String contentType, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> post(String path, String token, String json, String... headers)
            throws IOException, InterruptedException {
        return send("POST", path, token, "application/json", json, headers);
    }

    protected HttpResponse<String> register(String sku) throws IOException, InterruptedException {
        return post("/api/inventory", token("APP"), """
                {"sku":"%s","name":"Coffee mug","unitPrice":{"amount":1999,"currency":"EUR"},"taxRateBasisPoints":2000}
                """.formatted(sku));
    }

    protected long eventsStoredFor(String aggregateId) {
        return jdbc.sql("SELECT count(*) FROM tally_events.domain_event_entry WHERE aggregate_identifier = :id")
                .param("id", aggregateId)
                .query(Long.class)
                .single();
    }
}
