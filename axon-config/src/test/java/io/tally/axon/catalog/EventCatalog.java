package io.tally.axon.catalog;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.Schema;
import io.tally.web.openapi.RecordNullability;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.axonframework.serialization.Revision;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.RegexPatternTypeFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event catalog (issue 35): one JSON Schema (2020-12) per event type and revision, generated
 * from the shared-api records with the same rules as the OpenAPI documents (every component sent,
 * so required; {@code @Nullable} ones may be null). The current revision of each event is
 * generated here; older revisions are frozen files beside them in {@code docs/events/}, with
 * examples of what was stored. {@code EventCatalogTest} holds the checked-in files to the records
 * and the upcasters to the old revisions; the query side serves the files at
 * {@code GET /api/audit/schemas}.
 */
public final class EventCatalog {

    /** Where the event records live. */
    public static final String PACKAGE = "io.tally.api";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** One event type at its current revision. */
    public record Entry(Class<?> type, String revision, ObjectNode schema) {

        /** {@code io.tally.api.order.OrderPlacedEvent-2.json}: the type as stored, and its revision. */
        public String fileName() {
            return fileName(type.getName(), revision);
        }

        public static String fileName(String storedType, String revision) {
            return storedType + "-" + revision + ".json";
        }
    }

    private EventCatalog() {}

    /** Every event the system stores, at its current revision, sorted by type. */
    public static List<Entry> current() {
        List<Entry> entries = new ArrayList<>();
        for (Class<?> type : eventTypes()) {
            entries.add(new Entry(type, revisionOf(type), schemaOf(type)));
        }
        return entries;
    }

    /** The records of {@link #PACKAGE} whose names end in {@code Event}. */
    static List<Class<?>> eventTypes() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(
                    org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isIndependent();
            }
        };
        scanner.addIncludeFilter(new RegexPatternTypeFilter(Pattern.compile(".*Event")));
        List<Class<?>> types = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(PACKAGE)) {
            try {
                Class<?> type = Class.forName(candidate.getBeanClassName(), false, EventCatalog.class.getClassLoader());
                if (type.isRecord()) {
                    types.add(type);
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        types.sort(Comparator.comparing(Class::getName));
        return types;
    }

    /** The revision Axon stores with the type: its {@link Revision}, or 1 for none (stored as null). */
    public static String revisionOf(Class<?> type) {
        Revision revision = type.getAnnotation(Revision.class);
        return revision == null ? "1" : revision.value();
    }

    /** The revision as the catalog names it: a stored null is revision 1. */
    public static String revisionOf(String storedRevision) {
        return storedRevision == null ? "1" : storedRevision;
    }

    /** A standalone JSON Schema of the record's JSON, its nested records under {@code $defs}. */
    @SuppressWarnings("rawtypes")
    static ObjectNode schemaOf(Class<?> type) {
        ModelConverters converters = new ModelConverters(true);
        converters.addConverter(new RecordNullability());
        Map<String, Schema> models = converters.readAll(new AnnotatedType(type));
        String name = type.getSimpleName();
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "https://tally.dev/events/" + Entry.fileName(type.getName(), revisionOf(type)));
        root.put("title", type.getName());
        root.put("x-revision", revisionOf(type));
        ObjectNode own = (ObjectNode) node(models.get(name));
        own.properties().forEach(entry -> root.set(entry.getKey(), entry.getValue()));
        ObjectNode definitions = JSON.createObjectNode();
        models.keySet().stream()
                .sorted()
                .filter(model -> !model.equals(name))
                .forEach(model -> definitions.set(model, node(models.get(model))));
        if (!definitions.isEmpty()) {
            root.set("$defs", definitions);
        }
        rewriteReferences(root);
        JsonNode currency = root.at("/$defs/Money/properties/currency");
        if (currency instanceof ObjectNode code) {
            code.put("pattern", "^[A-Z]{3}$");
            code.put("description", "ISO-4217 currency code; amount is in its minor units");
        }
        return root;
    }

    @SuppressWarnings("rawtypes")
    private static JsonNode node(Schema schema) {
        try {
            return JSON.readTree(Json31.mapper().writeValueAsString(schema));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void rewriteReferences(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isString()) {
                object.put("$ref", ref.asString().replace("#/components/schemas/", "#/$defs/"));
            }
            object.forEach(EventCatalog::rewriteReferences);
        } else if (node.isArray()) {
            node.forEach(EventCatalog::rewriteReferences);
        }
    }
}
