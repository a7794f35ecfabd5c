package io.tally.query;

import io.tally.dev.TestStores;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the query side's tests: the real application on a random port against the run's real
 * PostgreSQL and Elasticsearch, one Spring context for every subclass. {@link #replay} feeds
 * recorded events to projectors exactly as an event processor does: one unit of work per batch,
 * inside a transaction.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class QuerySideTest {

    protected static final TestStores STORES = TestStores.get();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @Autowired
    private TransactionManager transactionManager;

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        STORES.springProperties(io.tally.dev.DatabaseRoles.QUERY)
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    protected static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 18);
    }

    protected static EventMessage<?> event(String aggregateType, String id, long sequence, Object payload) {
        return new GenericDomainEventMessage<>(
                aggregateType,
                id,
                sequence,
                payload,
                MetaData.emptyInstance(),
                UUID.randomUUID().toString(),
                Instant.parse("2026-11-22T10:00:00Z").plusSeconds(sequence));
    }

    protected static EventMessage<?> event(String aggregateType, String id, long sequence, Object payload, Instant at) {
        return new GenericDomainEventMessage<>(
                aggregateType,
                id,
                sequence,
                payload,
                MetaData.emptyInstance(),
                UUID.randomUUID().toString(),
                at);
    }

    protected void replay(List<EventMessage<?>> batch, Object... projectors) {
        List<AnnotationEventHandlerAdapter> adapters = new ArrayList<>();
        for (Object projector : projectors) {
            adapters.add(new AnnotationEventHandlerAdapter(projector));
        }
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(new ArrayList<>(batch));
        unitOfWork.attachTransaction(transactionManager);
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            for (AnnotationEventHandlerAdapter adapter : adapters) {
                if (adapter.canHandle(unitOfWork.getMessage())) {
                    adapter.handle(unitOfWork.getMessage());
                }
            }
            return null;
        });
        if (result.isExceptional()) {
            throw new AssertionError("the projection failed", result.exceptionResult());
        }
    }

    protected HttpResponse<String> post(String path, String role) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .header("Authorization", "Bearer " + STORES.token("test-" + role.toLowerCase(), role))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> get(String path, String role) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .GET();
        if (role != null) {
            request.header("Authorization", "Bearer " + STORES.token("test-" + role.toLowerCase(), role));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
