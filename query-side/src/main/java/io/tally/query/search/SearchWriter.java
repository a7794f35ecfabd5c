package io.tally.query.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Writes one Elasticsearch read model in batches: the changes an event processor's unit of work
 * makes are applied when it commits, with one multi-get and one bulk request for the whole batch.
 * A change gets the current document (null when there is none) and answers the new one, or the
 * same instance when the event is already reflected. Writes are conditional on the document's
 * sequence number, so a concurrent writer's update is never lost: a conflict fails the batch and
 * the processor retries it.
 */
public final class SearchWriter<D> {

    private final ElasticsearchClient client;
    private final SearchIndex index;
    private final Class<D> type;
    private final String resource;

    public SearchWriter(ElasticsearchClient client, SearchIndex index, Class<D> type) {
        this.client = client;
        this.index = index;
        this.type = type;
        this.resource = SearchWriter.class.getName() + "." + index.alias();
    }

    /** Records a change of document {@code id}; applied in the order recorded when the batch commits. */
    public void change(String id, UnaryOperator<D> apply) {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Batch batch = root.getOrComputeResource(resource, key -> {
            Batch created = new Batch();
            root.onPrepareCommit(unitOfWork -> created.flush());
            return created;
        });
        batch.changes.computeIfAbsent(id, k -> new ArrayList<>()).add(apply);
    }

    private record Current<D>(D document, long seqNo, long primaryTerm) {
    }

    private final class Batch {
        private final Map<String, List<UnaryOperator<D>>> changes = new LinkedHashMap<>();

        void flush() {
            try {
                index.ensureExists();
                Map<String, Current<D>> current = fetch();
                List<BulkOperation> operations = new ArrayList<>();
                changes.forEach((id, list) -> {
                    Current<D> before = current.get(id);
                    D original = before == null ? null : before.document();
                    D document = original;
                    for (UnaryOperator<D> change : list) {
                        document = change.apply(document);
                    }
                    if (document == null || document == original) {
                        return;
                    }
                    D written = document;
                    operations.add(before == null
                            ? BulkOperation.of(op -> op.create(c -> c.index(index.alias()).id(id).document(written)))
                            : BulkOperation.of(op -> op.index(i -> i.index(index.alias()).id(id).document(written)
                                    .ifSeqNo(before.seqNo()).ifPrimaryTerm(before.primaryTerm()))));
                });
                if (!operations.isEmpty()) {
                    requireSuccess(client.bulk(b -> b.operations(operations)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("writing to Elasticsearch index " + index.alias() + " failed", e);
            }
        }

        private Map<String, Current<D>> fetch() throws IOException {
            MgetResponse<D> response = client.mget(m -> m.index(index.alias()).ids(new ArrayList<>(changes.keySet())),
                    type);
            Map<String, Current<D>> found = new HashMap<>();
            response.docs().forEach(doc -> {
                if (doc.isResult() && doc.result().found()) {
                    found.put(doc.result().id(), new Current<>(doc.result().source(), doc.result().seqNo(),
                            doc.result().primaryTerm()));
                }
            });
            return found;
        }

        private void requireSuccess(BulkResponse response) {
            if (!response.errors()) {
                return;
            }
            for (BulkResponseItem item : response.items()) {
                if (item.error() == null) {
                    continue;
                }
                if (item.status() == 409) {
                    throw new ConcurrentSearchWriteException(index.alias(), item.id());
                }
                throw new IllegalStateException("Elasticsearch refused " + index.alias() + "/" + item.id() + ": "
                        + item.error().reason());
            }
        }
    }

    /** Another writer changed a document between this batch's read and its write; the batch is retried. */
    public static final class ConcurrentSearchWriteException extends RuntimeException {
        ConcurrentSearchWriteException(String alias, String id) {
            super("document " + alias + "/" + id + " changed concurrently; the batch will be retried");
        }
    }
}
