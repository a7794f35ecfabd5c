package io.tally.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.api.common.Money;
import io.tally.api.inventory.InventoryItemRegisteredEvent;
import io.tally.api.inventory.StockReceivedEvent;
import io.tally.axon.audit.Seal;
import io.tally.axon.audit.Seals;
import io.tally.query.QuerySideTest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tampering done directly in PostgreSQL (as its superuser, past the append-only trigger) is
 * reported by {@code GET /api/audit/verify} at the right event; each test puts the rows back.
 */
class ChainVerificationTest extends QuerySideTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TABLE = "tally_events.domain_event_entry";

    @Autowired
    private EventStore eventStore;

    @Autowired
    private Seals seals;

    private String stockedItem() {
        String sku = uniqueId("VER");
        List<DomainEventMessage<?>> events = List.of(
                event(sku, 0, new InventoryItemRegisteredEvent(sku, "Verified mug", Money.of(900, "EUR"), 2000)),
                event(sku, 1, new StockReceivedEvent(sku, 5, "PO-1", 5)),
                event(sku, 2, new StockReceivedEvent(sku, 3, "PO-2", 8)),
                event(sku, 3, new StockReceivedEvent(sku, 2, "PO-3", 10)));
        eventStore.publish(events);
        return sku;
    }

    private static DomainEventMessage<?> event(String sku, long sequence, Object payload) {
        return new GenericDomainEventMessage<>(
                "InventoryItem",
                sku,
                sequence,
                payload,
                MetaData.emptyInstance(),
                UUID.randomUUID().toString(),
                Instant.now());
    }

    /** A connection that bypasses the append-only trigger, as someone with the database's keys could. */
    private static Connection intruder() throws Exception {
        Connection db = DriverManager.getConnection(STORES.jdbcUrl(), STORES.user(), STORES.password());
        try (Statement statement = db.createStatement()) {
            statement.execute("SET session_replication_role = replica");
        }
        return db;
    }

    private static void execute(String sql, Object... params) throws Exception {
        try (Connection db = intruder();
                PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
    }

    private static String payload(String sku, long sequence) throws Exception {
        try (Connection db = intruder();
                PreparedStatement query = db.prepareStatement(
                        "SELECT payload FROM " + TABLE + " WHERE aggregate_identifier = ? AND sequence_number = ?")) {
            query.setString(1, sku);
            query.setLong(2, sequence);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    private JsonNode verify(String sku) throws Exception {
        HttpResponse<String> response = get("/api/audit/verify?aggregateType=inventory&aggregateId=" + sku, "AUDITOR");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private void assertBrokenAt(String sku, long sequence, String reason) throws Exception {
        JsonNode result = verify(sku);
        assertThat(result.get("verified").asBoolean()).isFalse();
        assertThat(result.get("firstBrokenAt").get("aggregateId").asString()).isEqualTo(sku);
        assertThat(result.get("firstBrokenAt").get("aggregateType").asString()).isEqualTo("inventory");
        assertThat(result.get("firstBrokenAt").get("sequence").asLong()).isEqualTo(sequence);
        assertThat(result.get("firstBrokenAt").get("reason").asString()).isEqualTo(reason);
    }

    @Test
    void anUntouchedStreamAndTheWholeLogVerify() throws Exception {
        String sku = stockedItem();
        JsonNode result = verify(sku);
        assertThat(result.get("verified").asBoolean()).isTrue();
        assertThat(result.get("eventsChecked").asLong()).isEqualTo(4);
        assertThat(result.get("firstBrokenAt").isNull()).isTrue();

        JsonNode whole = JSON.readTree(get("/api/audit/verify", "AUDITOR").body());
        assertThat(whole.get("verified").asBoolean()).as(whole.toString()).isTrue();
        assertThat(whole.get("eventsChecked").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(get("/api/audit/verify?aggregateType=inventory", "AUDITOR").statusCode())
                .isEqualTo(400);
        assertThat(get("/api/audit/verify", "ANALYST").statusCode()).isEqualTo(403);
    }

    @Test
    void anEditedPayloadIsReportedAtThatEvent() throws Exception {
        String sku = stockedItem();
        String original = payload(sku, 2);
        execute(
                "UPDATE " + TABLE + " SET payload = ? WHERE aggregate_identifier = ? AND sequence_number = 2",
                original.replace("\"quantity\":3", "\"quantity\":300"),
                sku);
        try {
            assertBrokenAt(sku, 2, "event-altered");
        } finally {
            execute(
                    "UPDATE " + TABLE + " SET payload = ? WHERE aggregate_identifier = ? AND sequence_number = 2",
                    original,
                    sku);
        }
        assertThat(verify(sku).get("verified").asBoolean()).isTrue();
    }

    @Test
    void aDeletedEventIsReportedWhereItIsMissing() throws Exception {
        String sku = stockedItem();
        try (Connection db = intruder();
                Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS public.tally_tamper_backup AS SELECT * FROM " + TABLE
                    + " WITH NO DATA");
            statement.execute("INSERT INTO public.tally_tamper_backup SELECT * FROM " + TABLE
                    + " WHERE aggregate_identifier = '" + sku + "' AND sequence_number = 1");
            statement.execute(
                    "DELETE FROM " + TABLE + " WHERE aggregate_identifier = '" + sku + "' AND sequence_number = 1");
        }
        try {
            assertBrokenAt(sku, 1, "missing-event");
        } finally {
            try (Connection db = intruder();
                    Statement statement = db.createStatement()) {
                statement.execute("INSERT INTO " + TABLE + " SELECT * FROM public.tally_tamper_backup"
                        + " WHERE aggregate_identifier = '" + sku + "'");
                statement.execute("DELETE FROM public.tally_tamper_backup WHERE aggregate_identifier = '" + sku + "'");
            }
        }
        assertThat(verify(sku).get("verified").asBoolean()).isTrue();
    }

    @Test
    void twoSwappedEventsAreReportedAtTheFirstOfThem() throws Exception {
        String sku = stockedItem();
        String second = payload(sku, 1);
        String third = payload(sku, 2);
        execute(
                "UPDATE " + TABLE + " SET payload = ? WHERE aggregate_identifier = ? AND sequence_number = 1",
                third,
                sku);
        execute(
                "UPDATE " + TABLE + " SET payload = ? WHERE aggregate_identifier = ? AND sequence_number = 2",
                second,
                sku);
        try {
            assertBrokenAt(sku, 1, "event-altered");
        } finally {
            execute(
                    "UPDATE " + TABLE + " SET payload = ? WHERE aggregate_identifier = ? AND sequence_number = 1",
                    second,
                    sku);
            execute(
                    "UPDATE " + TABLE + " SET payload = ? WHERE aggregate_identifier = ? AND sequence_number = 2",
                    third,
                    sku);
        }
        assertThat(verify(sku).get("verified").asBoolean()).isTrue();
    }

    private JsonNode verifyAll() throws Exception {
        HttpResponse<String> response = get("/api/audit/verify", "AUDITOR");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void aStreamDeletedWholeBreaksNoChainButTheSealOverIt() throws Exception {
        String sku = stockedItem();
        Seal seal = seals.sealNow(Duration.ZERO).orElseThrow();
        assertThat(seal.toGlobalIndex())
                .isGreaterThanOrEqualTo(json(get("/api/audit/streams/inventory/" + sku, "AUDITOR"))
                        .get(3)
                        .get("globalIndex")
                        .asLong());
        JsonNode clean = verifyAll();
        assertThat(clean.get("verified").asBoolean()).as(clean.toString()).isTrue();
        assertThat(clean.get("sealsChecked").asLong()).isGreaterThanOrEqualTo(1);

        try (Connection db = intruder();
                Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS public.tally_tamper_backup AS SELECT * FROM " + TABLE
                    + " WITH NO DATA");
            statement.execute("INSERT INTO public.tally_tamper_backup SELECT * FROM " + TABLE
                    + " WHERE aggregate_identifier = '" + sku + "'");
            statement.execute("DELETE FROM " + TABLE + " WHERE aggregate_identifier = '" + sku + "'");
        }
        try {
            JsonNode broken = verifyAll();
            assertThat(broken.get("verified").asBoolean()).isFalse();
            assertThat(broken.get("firstBrokenAt").get("seal").asLong()).isEqualTo(seal.number());
            assertThat(broken.get("firstBrokenAt").get("reason").asString()).isEqualTo("sealed-events-changed");
            assertThat(broken.get("firstBrokenAt").get("globalIndex").asLong()).isEqualTo(seal.afterGlobalIndex() + 1);
        } finally {
            try (Connection db = intruder();
                    Statement statement = db.createStatement()) {
                statement.execute("INSERT INTO " + TABLE + " SELECT * FROM public.tally_tamper_backup"
                        + " WHERE aggregate_identifier = '" + sku + "'");
                statement.execute("DELETE FROM public.tally_tamper_backup WHERE aggregate_identifier = '" + sku + "'");
            }
        }
        assertThat(verifyAll().get("verified").asBoolean()).isTrue();
    }

    @Test
    void anEditedSealIsReported() throws Exception {
        stockedItem();
        Seal seal = seals.sealNow(Duration.ZERO).orElseThrow();
        execute("UPDATE tally_events.seal SET event_count = event_count + 1 WHERE seal_number = ?", seal.number());
        try {
            JsonNode broken = verifyAll();
            assertThat(broken.get("verified").asBoolean()).isFalse();
            assertThat(broken.get("firstBrokenAt").get("seal").asLong()).isEqualTo(seal.number());
            assertThat(broken.get("firstBrokenAt").get("reason").asString()).isEqualTo("seal-chain-broken");
        } finally {
            execute("UPDATE tally_events.seal SET event_count = event_count - 1 WHERE seal_number = ?", seal.number());
        }
        assertThat(verifyAll().get("verified").asBoolean()).isTrue();
    }

    private JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
