package io.tally.query.admin;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.tally.query.projection.ReadModel;
import io.tally.query.search.IndexNames;
import io.tally.query.search.SearchIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Elasticsearch read model's copy: a new index behind {@code <alias>-rebuild}, swapped in by one
 * alias update that moves the live alias to it; the old index is deleted a moment later, once
 * searches that started on it have ended.
 */
final class IndexCopy implements ReadModelCopy {

    private static final Logger log = LoggerFactory.getLogger(IndexCopy.class);
    private static final long OLD_INDEX_GRACE_MILLIS = 2000;

    private final ReadModel model;
    private final ElasticsearchClient elasticsearch;
    private final IndexNames indices;
    private final Instant startedAt;
    private String newIndex;
    private List<String> oldIndices = List.of();

    IndexCopy(ReadModel model, ElasticsearchClient elasticsearch, IndexNames indices, Instant startedAt) {
        this.model = model;
        this.elasticsearch = elasticsearch;
        this.indices = indices;
        this.startedAt = startedAt;
    }

    @Override
    public void prepare() throws IOException {
        String rebuildAlias = indices.rebuild().alias(model.alias());
        deleteIndicesBehind(rebuildAlias);
        newIndex = indices.alias(model.alias()) + "-" + startedAt.toEpochMilli();
        SearchIndex.create(elasticsearch, newIndex, rebuildAlias, model.mapping());
    }

    /** One alias update: the live alias moves to the new index, the rebuild alias goes. */
    @Override
    public void swap() {
        String alias = indices.alias(model.alias());
        String rebuildAlias = indices.rebuild().alias(model.alias());
        try {
            List<String> old = indicesBehind(alias);
            elasticsearch.indices().updateAliases(u -> {
                for (String index : old) {
                    u.actions(a -> a.remove(r -> r.index(index).alias(alias)));
                }
                return u.actions(a -> a.add(r -> r.index(newIndex).alias(alias).isWriteIndex(true)))
                        .actions(a -> a.remove(r -> r.index(newIndex).alias(rebuildAlias)));
            });
            oldIndices = old;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The indices the alias left; searches that started on them a moment ago may still be running. */
    @Override
    public void afterSwap() {
        try {
            if (!oldIndices.isEmpty()) {
                Thread.sleep(OLD_INDEX_GRACE_MILLIS);
                for (String index : oldIndices) {
                    elasticsearch.indices().delete(d -> d.index(index));
                }
            }
        } catch (Exception e) {
            log.warn("dropping the old index of {}: {}", model.name(), e.toString());
        }
    }

    @Override
    public void cleanUp() throws IOException {
        if (oldIndices.isEmpty() && newIndex != null) {
            deleteIndicesBehind(indices.rebuild().alias(model.alias()));
        }
    }

    private List<String> indicesBehind(String alias) throws IOException {
        if (!elasticsearch.indices().existsAlias(a -> a.name(alias)).value()) {
            return List.of();
        }
        return List.copyOf(
                elasticsearch.indices().getAlias(a -> a.name(alias)).result().keySet());
    }

    private void deleteIndicesBehind(String alias) throws IOException {
        for (String index : indicesBehind(alias)) {
            elasticsearch.indices().delete(d -> d.index(index));
        }
    }
}
