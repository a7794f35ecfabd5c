package io.tally.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.api.common.Money;
import io.tally.api.inventory.InventoryItemRegisteredEvent;
import io.tally.api.inventory.StockReceivedEvent;
import io.tally.query.QuerySideTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The audit API reads the event store itself, with metadata and the hash chain, and records who read what. */
class AuditApiTest extends QuerySideTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private EventStore eventStore;

    private String stockedItem() {
        String sku = uniqueId("AUD");
        MetaData who = MetaData.from(Map.of(
                "principal",
                "clerk-7",
                "correlationId",
                "corr-" + sku,
                "causationId",
                "cmd-" + sku,
                "idempotencyKey",
                "key-" + sku));
        List<DomainEventMessage<?>> events = List.of(
                new GenericDomainEventMessage<>(
                        "InventoryItem",
                        sku,
                        0,
                        new InventoryItemRegisteredEvent(sku, "Audit mug", Money.of(900, "EUR"), 2000),
                        who,
                        UUID.randomUUID().toString(),
                        Instant.now()),
                new GenericDomainEventMessage<>(
                        "InventoryItem",
                        sku,
                        1,
                        new StockReceivedEvent(sku, 5, "PO-1", 5),
                        who,
                        UUID.randomUUID().toString(),
                        Instant.now()),
                new GenericDomainEventMessage<>(
                        "InventoryItem",
                        sku,
                        2,
                        new StockReceivedEvent(sku, 3, "PO-2", 8),
                        who,
                        UUID.randomUUID().toString(),
                        Instant.now()));
        eventStore.publish(events);
        return sku;
    }

    private JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void aStreamShowsEveryEventWithItsMetadataAndItsHashChain() throws Exception {
        String sku = stockedItem();
        JsonNode stream = json(get("/api/audit/streams/inventory/" + sku, "AUDITOR"));
        assertThat(stream.size()).isEqualTo(3);
        String previous = null;
        for (int i = 0; i < 3; i++) {
            JsonNode event = stream.get(i);
            assertThat(event.get("sequence").asLong()).isEqualTo(i);
            assertThat(event.get("aggregateType").asString()).isEqualTo("inventory");
            assertThat(event.get("payload").get("sku").asString())
                    .as("the payload is JSON, not a string")
                    .isEqualTo(sku);
            assertThat(event.get("metadata").get("principal").asString()).isEqualTo("clerk-7");
            assertThat(event.get("metadata").get("idempotencyKey").asString()).isEqualTo("key-" + sku);
            assertThat(event.get("hash").asString()).matches("[0-9a-f]{64}");
            assertThat(
                            event.get("previousHash").isNull()
                                    ? null
                                    : event.get("previousHash").asString())
                    .isEqualTo(previous);
            previous = event.get("hash").asString();
        }
        assertThat(stream.get(1).get("type").asString()).isEqualTo("StockReceivedEvent");

        assertThat(get("/api/audit/streams/inventory/" + sku, "ANALYST").statusCode())
                .isEqualTo(403);
        assertThat(get("/api/audit/streams/inventory/" + sku, null).statusCode())
                .isEqualTo(401);
        assertThat(get("/api/audit/streams/order/" + sku, "AUDITOR").statusCode())
                .as("not an order")
                .isEqualTo(404);
        assertThat(get("/api/audit/streams/widget/" + sku, "AUDITOR").statusCode())
                .isEqualTo(400);
    }

    @Test
    void theGlobalLogPagesAndStreamsAsNdjson() throws Exception {
        String sku = stockedItem();
        long first = json(get("/api/audit/streams/inventory/" + sku, "AUDITOR"))
                .get(0)
                .get("globalIndex")
                .asLong();

        JsonNode page = json(get("/api/audit/events?afterGlobalIndex=" + (first - 1) + "&limit=2", "AUDITOR"));
        assertThat(page.get("items").size()).isEqualTo(2);
        assertThat(page.get("items").get(0).get("globalIndex").asLong()).isEqualTo(first);
        assertThat(page.get("nextAfterGlobalIndex").asLong())
                .isEqualTo(page.get("items").get(1).get("globalIndex").asLong());
        JsonNode received = json(get(
                "/api/audit/events?afterGlobalIndex=" + (first - 1) + "&type=StockReceivedEvent&limit=1000",
                "AUDITOR"));
        assertThat(received.get("items").get(0).get("type").asString()).isEqualTo("StockReceivedEvent");
        assertThat(get("/api/audit/events?limit=0", "AUDITOR").statusCode()).isEqualTo(400);
        assertThat(get("/api/audit/events?from=yesterday", "AUDITOR").statusCode())
                .isEqualTo(400);

        HttpResponse<String> ndjson = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                        + "/api/audit/events?afterGlobalIndex=" + (first - 1)))
                                .header("Accept", "application/x-ndjson")
                                .header("Authorization", "Bearer " + STORES.token("test-auditor", "AUDITOR"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(ndjson.statusCode()).isEqualTo(200);
        assertThat(ndjson.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        long ours = ndjson.body()
                .lines()
                .map(JSON::readTree)
                .filter(line -> line.get("aggregateId").asString().equals(sku))
                .count();
        assertThat(ours).isEqualTo(3);
    }

    @Test
    void everyAuditReadIsRecordedWithWhoAndWhat() throws Exception {
        String sku = stockedItem();
        get("/api/audit/streams/inventory/" + sku, "AUDITOR");
        JsonNode reads = json(get("/api/audit/reads?limit=1000", "AUDITOR"));
        boolean found = false;
        for (JsonNode read : reads) {
            if (read.get("path").asString().equals("/api/audit/streams/inventory/" + sku)) {
                found = true;
                assertThat(read.get("principal").asString()).isEqualTo("test-auditor");
                assertThat(read.get("method").asString()).isEqualTo("GET");
            }
        }
        assertThat(found).as("the read of the stream is on record").isTrue();
    }
}
