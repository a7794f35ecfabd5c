package io.tally.web.openapi;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a record answered as JSON really holds, in its schema (OpenAPI 3.1): every component is
 * sent (Jackson writes nulls too), so every one is {@code required}; a component marked
 * {@link Nullable} may be {@code null}, so its type also admits {@code "null"} (for a referenced
 * schema or an enum: {@code anyOf} the schema and null). The records stay the one source; a
 * component without the mark is declared never null, and the suite's contract check holds the
 * answers to it. A record the services take as a request body (its components carry bean-validation
 * constraints) keeps what validation requires as {@code required}; its other components may be left
 * out or be null.
 */
public final class RecordNullability implements ModelConverter {

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        if (resolved == null || type.getType() == null) {
            return resolved;
        }
        Class<?> raw = Json.mapper().constructType(type.getType()).getRawClass();
        if (!raw.isRecord()) {
            return resolved;
        }
        Schema model = resolved;
        if (resolved.get$ref() != null) {
            String ref = resolved.get$ref();
            model = context.getDefinedModels().get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (model == null || model.getProperties() == null) {
            return resolved;
        }
        Set<String> required = new LinkedHashSet<>(model.getRequired() == null ? List.of() : model.getRequired());
        boolean request = isRequest(raw);
        for (RecordComponent component : raw.getRecordComponents()) {
            Schema property = (Schema) model.getProperties().get(component.getName());
            if (property == null) {
                continue;
            }
            boolean nullable = component.getAnnotatedType().isAnnotationPresent(Nullable.class)
                    || component.isAnnotationPresent(Nullable.class);
            if (request) {
                // a request body: what bean validation demands (@NotNull, @NotBlank, ...) is required, as
                // springdoc already says; anything else may be left out or sent as null
                if (!required.contains(component.getName())) {
                    model.getProperties().put(component.getName(), nullable(property));
                }
                continue;
            }
            required.add(component.getName());
            if (nullable) {
                model.getProperties().put(component.getName(), nullable(property));
            }
        }
        model.setRequired(required.isEmpty() ? null : new ArrayList<>(required));
        return resolved;
    }

    /** A record a controller takes: one whose components carry bean-validation constraints. */
    private static boolean isRequest(Class<?> record) {
        for (RecordComponent component : record.getRecordComponents()) {
            // the constraints are TYPE_USE annotations: they sit on the component's type, not on the component
            List<java.lang.annotation.Annotation> annotations = new ArrayList<>(List.of(component.getAnnotations()));
            annotations.addAll(List.of(component.getAnnotatedType().getAnnotations()));
            for (java.lang.annotation.Annotation annotation : annotations) {
                for (java.lang.annotation.Annotation meta :
                        annotation.annotationType().getAnnotations()) {
                    if (meta.annotationType().getName().equals("jakarta.validation.Constraint")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema nullable(Schema property) {
        if (property.get$ref() != null || property.getEnum() != null) {
            Schema nothing = new Schema();
            nothing.addType("null");
            return new Schema().anyOf(List.of(property, nothing));
        }
        if (property.getTypes() != null) {
            property.addType("null");
        } else if (property.getType() != null) {
            property.addType(property.getType());
            property.addType("null");
        }
        return property;
    }
}
