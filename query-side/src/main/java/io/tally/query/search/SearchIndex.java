package io.tally.query.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch.indices.ExistsAliasRequest;
import java.io.IOException;
import java.util.function.Function;

/**
 * One Elasticsearch read model, always reached through its alias so that a rebuild can fill a new
 * index and swap the alias in one step. The first start creates {@code <alias>-v1} behind it.
 */
public final class SearchIndex {

    private final ElasticsearchClient client;
    private final String alias;
    private final Function<TypeMapping.Builder, TypeMapping.Builder> mapping;
    private volatile boolean ready;

    public SearchIndex(
            ElasticsearchClient client, String alias, Function<TypeMapping.Builder, TypeMapping.Builder> mapping) {
        this.client = client;
        this.alias = alias;
        this.mapping = mapping;
    }

    public String alias() {
        return alias;
    }

    /** Creates {@code index} with Tally's index settings and {@code mapping}, as the write index of {@code alias}. */
    public static void create(
            ElasticsearchClient client,
            String index,
            String alias,
            Function<TypeMapping.Builder, TypeMapping.Builder> mapping)
            throws IOException {
        client.indices()
                .create(c -> c.index(index)
                        .settings(
                                s -> s.numberOfShards("1").numberOfReplicas("0").refreshInterval(t -> t.time("1s")))
                        .mappings(mapping.apply(new TypeMapping.Builder()).build())
                        .aliases(alias, a -> a.isWriteIndex(true)));
    }

    /** Creates the first index and its alias unless the alias exists; safe to call from every batch. */
    public void ensureExists() throws IOException {
        if (ready) {
            return;
        }
        if (!client.indices()
                .existsAlias(ExistsAliasRequest.of(r -> r.name(alias)))
                .value()) {
            try {
                create(client, alias + "-v1", alias, mapping);
            } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
                if (!"resource_already_exists_exception".equals(e.error().type())) {
                    throw e;
                }
            }
        }
        ready = true;
    }
}
