package io.tally.query.projection;

import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import io.tally.query.search.IndexNames;
import java.util.List;
import java.util.function.Function;

/**
 * What a replay needs to know of one projection: its processor's name, the PostgreSQL tables or the
 * Elasticsearch alias it keeps, and how to make a second instance of its handlers that writes to
 * the copy being rebuilt. Each projection's package declares its own.
 *
 * @param tables     tables in the query schema the projection writes (empty for Elasticsearch)
 * @param alias      base name of the Elasticsearch alias it writes (null for PostgreSQL)
 * @param mapping    that index's mapping (null for PostgreSQL)
 * @param handlers   a fresh handler instance writing to {@link Target}
 */
public record ReadModel(
        String name,
        List<String> tables,
        String alias,
        Function<TypeMapping.Builder, TypeMapping.Builder> mapping,
        Function<Target, Object> handlers) {

    /**
     * Where a replay's handlers write: tables of the rebuild schema first (statements sent in JDBC
     * batches when each batch of events commits), aliases ending in -rebuild.
     */
    public record Target(ProjectionWrites writes, IndexNames indices) {}

    public static ReadModel tables(String name, List<String> tables, Function<Target, Object> handlers) {
        return new ReadModel(name, List.copyOf(tables), null, null, handlers);
    }

    public static ReadModel index(
            String name,
            String alias,
            Function<TypeMapping.Builder, TypeMapping.Builder> mapping,
            Function<Target, Object> handlers) {
        return new ReadModel(name, List.of(), alias, mapping, handlers);
    }

    public boolean searchIndex() {
        return alias != null;
    }
}
