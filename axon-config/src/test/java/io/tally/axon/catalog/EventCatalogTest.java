package io.tally.axon.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.tally.axon.eventstore.EventStoreConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event catalog under docs/events/ is what the records are, and the history stays readable: an
 * event record changed without a new revision fails here, and so does a new revision whose older
 * payloads no upcaster brings to the new shape. {@code TALLY_EVENTS_WRITE=true} writes the current
 * revisions' files anew (never the older ones: those are frozen, with examples of what was stored).
 */
class EventCatalogTest {

    private static final Path CATALOG = Path.of("..", "docs", "events");
    private static final Path PREVIOUS_RELEASE =
            Path.of("..", "e2e-tests", "src", "test", "resources", "upgrade", "release-7279ffd.sql");
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Jackson3Serializer serializer = Jackson3Serializer.builder().build();

    @Test
    void everyEventRecordIsInTheCatalogAtItsCurrentRevision() throws IOException {
        List<EventCatalog.Entry> current = EventCatalog.current();
        assertThat(current)
                .extracting(entry -> entry.type().getSimpleName())
                .contains(
                        "OrderPlacedEvent",
                        "PaymentDeclinedEvent",
                        "StockReservedEvent",
                        "CustomerPersonalDataErasedEvent");
        for (EventCatalog.Entry entry : current) {
            Path file = CATALOG.resolve(entry.fileName());
            String generated = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(entry.schema()) + "\n";
            if ("true".equals(System.getenv("TALLY_EVENTS_WRITE"))) {
                Files.createDirectories(CATALOG);
                Files.writeString(file, generated);
            }
            assertThat(file)
                    .as(entry.type().getName() + " revision " + entry.revision() + " in docs/events/"
                            + " (TALLY_EVENTS_WRITE=true writes it)")
                    .exists();
            assertThat(Files.readString(file))
                    .as(entry.type().getName() + " no longer matches its revision "
                            + entry.revision() + " in docs/events/: a stored event is never rewritten, so a change of"
                            + " shape is a new @Revision, an upcaster from the old one, and the old file kept with"
                            + " examples")
                    .isEqualTo(generated);
        }
    }

    @Test
    void everyOlderRevisionHasExamplesThatTheUpcastersBringToTheCurrentRevision() throws IOException {
        Map<String, EventCatalog.Entry> current = new TreeMap<>();
        EventCatalog.current().forEach(entry -> current.put(entry.type().getName(), entry));
        int older = 0;
        for (Path file : catalogFiles()) {
            JsonNode schema = JSON.readTree(file.toFile());
            String type = schema.get("title").asString();
            String revision = schema.get("x-revision").asString();
            assertThat(current).as(file + " is of an event the system has").containsKey(type);
            EventCatalog.Entry now = current.get(type);
            if (revision.equals(now.revision())) {
                continue;
            }
            older++;
            assertThat(schema.path("examples").size())
                    .as(file + ": an older revision keeps examples of what was" + " stored")
                    .isPositive();
            for (JsonNode example : schema.get("examples")) {
                assertThat(errors(schema, example)).as(file + ": its example").isEmpty();
                IntermediateEventRepresentation read =
                        upcast(type, revision.equals("1") ? null : revision, JSON.writeValueAsString(example));
                // upcast to the current revision, or left as it is where the shape did not change (then it must
                // already be valid as the current revision)
                JsonNode upcast = JSON.readTree(read.getData(String.class).getData());
                assertThat(errors(now.schema(), upcast))
                        .as(type + " revision " + revision + " as read now (revision "
                                + read.getType().getRevision() + "): a change of shape needs an upcaster")
                        .isEmpty();
                Object event = serializer.deserialize(read.getData());
                assertThat(event).isInstanceOf(now.type());
            }
        }
        assertThat(older).as("older revisions in the catalog").isPositive();
    }

    @Test
    void everyEventOfThePreviousReleaseMatchesItsRevisionsSchema() throws IOException {
        Pattern row = Pattern.compile("^INSERT INTO tally_events\\.domain_event_entry VALUES \\((.*)\\);$");
        int validated = 0;
        for (String line : Files.readAllLines(PREVIOUS_RELEASE)) {
            Matcher matcher = row.matcher(line);
            if (!matcher.matches()) {
                continue;
            }
            List<String> values = sqlValues(matcher.group(1));
            String payload = values.get(6);
            String revision = values.get(7);
            String type = values.get(8);
            Path file = CATALOG.resolve(EventCatalog.Entry.fileName(type, EventCatalog.revisionOf(revision)));
            assertThat(file)
                    .as(type + " revision " + revision + " of the previous release")
                    .exists();
            assertThat(errors(JSON.readTree(file.toFile()), JSON.readTree(payload)))
                    .as("event " + values.get(0) + " (" + type + ") of the previous release")
                    .isEmpty();
            validated++;
        }
        assertThat(validated).as("events of the previous release's dump").isGreaterThan(50);
    }

    private IntermediateEventRepresentation upcast(String type, String revision, String payload) {
        GenericDomainEventEntry<String> stored = new GenericDomainEventEntry<>(
                "Aggregate",
                "id-1",
                0,
                "event-1",
                Instant.parse("2026-01-01T00:00:00Z"),
                type,
                revision,
                payload,
                "{}");
        Stream<IntermediateEventRepresentation> read = Stream.of(new InitialEventRepresentation(stored, serializer));
        for (EventUpcaster upcaster : EventStoreConfiguration.upcasters()) {
            read = upcaster.upcast(read);
        }
        List<IntermediateEventRepresentation> all = read.toList();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    static List<String> errors(JsonNode schema, JsonNode instance) {
        Schema compiled = SCHEMAS.getSchema(schema);
        return compiled.validate(instance).stream()
                .map(error -> error.getInstanceLocation() + ": " + error.getMessage())
                .toList();
    }

    private static List<Path> catalogFiles() throws IOException {
        try (Stream<Path> files = Files.list(CATALOG)) {
            return files.filter(file -> file.getFileName().toString().startsWith("io.tally."))
                    .sorted()
                    .toList();
        }
    }

    /** The values of a pg_dump INSERT row: quoted strings ('' for a quote), numbers and NULL. */
    private static List<String> sqlValues(String row) {
        List<String> values = new ArrayList<>();
        int i = 0;
        while (i < row.length()) {
            if (row.charAt(i) == '\'') {
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    char c = row.charAt(i);
                    if (c == '\'' && i + 1 < row.length() && row.charAt(i + 1) == '\'') {
                        value.append('\'');
                        i += 2;
                    } else if (c == '\'') {
                        i++;
                        break;
                    } else {
                        value.append(c);
                        i++;
                    }
                }
                values.add(value.toString());
            } else {
                int end = row.indexOf(',', i);
                String token = (end < 0 ? row.substring(i) : row.substring(i, end)).trim();
                values.add(token.equals("NULL") ? null : token);
                i = end < 0 ? row.length() : end;
            }
            while (i < row.length() && (row.charAt(i) == ',' || row.charAt(i) == ' ')) {
                i++;
            }
        }
        return values;
    }
}
