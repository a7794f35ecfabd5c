package io.tally.query.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tally.axon.segments.SegmentClaims;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Writes one Elasticsearch read model a batch at a time. The first change in an event processor's
 * batch reads every document the batch's events name with one multi-get; each change is then
 * applied in its own event handler, so an event that cannot be applied fails there and goes to the
 * dead-letter queue like in any other projection; when the batch commits, the changed documents
 * are written with one bulk request. A change gets the current document (null when there is none)
 * and answers the new one, or the same instance when the event is already reflected. Writes are
 * conditional on each document's sequence number: a concurrent writer fails the batch, which the
 * processor retries, and never loses an update.
 * <p>
 * What a batch wrote, with the sequence numbers Elasticsearch answered, is remembered for
 * {@value #REMEMBERED_SECONDS} s, so the next batch about the same document (an order's next
 * event, usually within a second) reads nothing: one request a batch instead of two, and an order's
 * document read once, when it is placed. A remembered copy is used only while no
 * segment claim succeeded in this process since it was written ({@link SegmentClaims}, given by the
 * service's configuration): until then
 * this processor's segments, and so the documents their events name, were written by nobody else;
 * a replay's swap needs every claim released first. Anything else that changes a document (the
 * personal-data scrubber, another instance after a claim moved) moves its sequence number, so a
 * stale copy fails the conditional write, is forgotten, and the retried batch reads the document.
 */
public final class SearchWriter<D> {

    static final int REMEMBERED_SECONDS = 60;

    private final ElasticsearchClient client;
    private final SearchIndex index;
    private final Class<D> type;
    private final Function<EventMessage<?>, String> idOf;
    private final String resource;
    private final SegmentClaims claims;
    private final Cache<String, Remembered<D>> remembered = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(REMEMBERED_SECONDS))
            .build();

    /** @param idOf the document an event changes, or null when it changes none */
    public SearchWriter(
            ElasticsearchClient client,
            SearchIndex index,
            Class<D> type,
            Function<EventMessage<?>, String> idOf,
            SegmentClaims claims) {
        this.claims = claims;
        this.client = client;
        this.index = index;
        this.type = type;
        this.idOf = idOf;
        this.resource = SearchWriter.class.getName() + "." + index.alias();
    }

    /** Applies a change to document {@code id} now; the result is written when the batch commits. */
    public void change(String id, UnaryOperator<D> apply) {
        Batch batch = batch();
        batch.load(id);
        Current<D> current = batch.documents.get(id);
        D before = current.document();
        D after = apply.apply(before);
        if (after != null && after != before) {
            batch.documents.put(id, new Current<>(after, current.seqNo(), current.primaryTerm(), true));
        }
    }

    private Batch batch() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(resource, key -> {
            Batch created = new Batch(idsIn(root));
            root.onPrepareCommit(unitOfWork -> created.flush());
            return created;
        });
    }

    private Set<String> idsIn(UnitOfWork<?> root) {
        List<? extends Message<?>> messages = root instanceof BatchingUnitOfWork<?> batching
                ? batching.getMessages()
                : Collections.singletonList(CurrentUnitOfWork.get().getMessage());
        Set<String> ids = new LinkedHashSet<>();
        for (Message<?> message : messages) {
            if (message instanceof EventMessage<?> event) {
                String id = idOf.apply(event);
                if (id != null) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** Forgets every remembered document: the next batches read what they change. */
    public void forgetAll() {
        remembered.invalidateAll();
    }

    /** A document as read ({@code seqNo} -1: absent), and whether this batch changed it. */
    private record Current<D>(D document, long seqNo, long primaryTerm, boolean changed) {}

    /** A document as this writer last wrote it, and the claims epoch it was written in. */
    private record Remembered<D>(Current<D> current, long epoch) {}

    private final class Batch {
        private final Set<String> expected;
        private final Map<String, Current<D>> documents = new LinkedHashMap<>();
        private final long epoch = claims.epoch();

        Batch(Set<String> expected) {
            this.expected = expected;
        }

        void load(String id) {
            if (documents.containsKey(id)) {
                return;
            }
            Set<String> ids = new LinkedHashSet<>();
            ids.add(id);
            expected.stream().filter(other -> !documents.containsKey(other)).forEach(ids::add);
            List<String> unknown = new ArrayList<>();
            for (String each : ids) {
                Remembered<D> copy = remembered.getIfPresent(each);
                if (copy != null && copy.epoch() == epoch && epoch == claims.epoch()) {
                    documents.put(each, copy.current());
                } else {
                    unknown.add(each);
                }
            }
            if (unknown.isEmpty()) {
                return;
            }
            try {
                index.ensureExists();
                Map<String, Current<D>> found = fetch(unknown);
                for (String each : unknown) {
                    documents.put(each, found.getOrDefault(each, new Current<>(null, -1, 0, false)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading Elasticsearch index " + index.alias() + " failed", e);
            }
        }

        void flush() {
            try {
                write();
            } catch (RuntimeException e) {
                documents.keySet().forEach(remembered::invalidate);
                throw e;
            }
        }

        private void write() {
            List<BulkOperation> operations = new ArrayList<>();
            documents.forEach((id, current) -> {
                if (!current.changed()) {
                    return;
                }
                D written = current.document();
                operations.add(
                        current.seqNo() < 0
                                ? BulkOperation.of(op -> op.create(
                                        c -> c.index(index.alias()).id(id).document(written)))
                                : BulkOperation.of(op -> op.index(i -> i.index(index.alias())
                                        .id(id)
                                        .document(written)
                                        .ifSeqNo(current.seqNo())
                                        .ifPrimaryTerm(current.primaryTerm()))));
            });
            if (operations.isEmpty()) {
                return;
            }
            BulkResponse response;
            try {
                response = client.bulk(b -> b.operations(operations));
            } catch (IOException e) {
                throw new UncheckedIOException("writing to Elasticsearch index " + index.alias() + " failed", e);
            }
            requireSuccess(response);
            for (BulkResponseItem item : response.items()) {
                Current<D> current = documents.get(item.id());
                if (current != null && item.seqNo() != null && item.primaryTerm() != null) {
                    remembered.put(
                            item.id(),
                            new Remembered<>(
                                    new Current<>(current.document(), item.seqNo(), item.primaryTerm(), false), epoch));
                }
            }
        }

        private Map<String, Current<D>> fetch(List<String> ids) throws IOException {
            MgetResponse<D> response = client.mget(m -> m.index(index.alias()).ids(ids), type);
            Map<String, Current<D>> found = new HashMap<>();
            response.docs().forEach(doc -> {
                if (doc.isResult() && doc.result().found()) {
                    found.put(
                            doc.result().id(),
                            new Current<>(
                                    doc.result().source(),
                                    doc.result().seqNo(),
                                    doc.result().primaryTerm(),
                                    false));
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
