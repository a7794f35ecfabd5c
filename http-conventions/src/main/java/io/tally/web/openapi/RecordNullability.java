package io.tally.web.openapi;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a record answered as JSON really holds, in its schema (OpenAPI 3.1): every component is
 * sent (Jackson writes nulls too), so every one is {@code required}; a component marked
 * {@link Nullable} may be {@code null}, so its type also admits {@code "null"} (for a referenced
 * schema or an enum: {@code anyOf} the schema and null). The records stay the one source; a
 * component without the mark is declared never null, and the suite's contract check holds the
 * answers to it.
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
        for (RecordComponent component : raw.getRecordComponents()) {
            Schema property = (Schema) model.getProperties().get(component.getName());
            if (property == null) {
                continue;
            }
            required.add(component.getName());
            if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)
                    || component.isAnnotationPresent(Nullable.class)) {
                model.getProperties().put(component.getName(), nullable(property));
            }
        }
        model.setRequired(new ArrayList<>(required));
        return resolved;
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
