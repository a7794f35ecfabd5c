package io.tally.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.tally.axon.segments.SegmentClaims;
import io.tally.query.QuerySideTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a batch wrote is not read again by the next batch about the same document, unless a claim
 * started in between; a copy made stale by another writer fails its conditional write and the
 * retried batch applies its change to the document as it is, losing nothing.
 */
class SearchWriterTest extends QuerySideTest {

    /** A document: a counter and the names of the changes applied to it. */
    record Tally(String id, long count, List<String> changes) {
        Tally plus(String change) {
            List<String> all = new ArrayList<>(changes);
            all.add(change);
            return new Tally(id, count + 1, List.copyOf(all));
        }
    }

    /** An event naming the document it changes. */
    record Changed(String id, String change) {}

    @Autowired
    private ElasticsearchClient elasticsearch;

    private final SegmentClaims claims = new SegmentClaims();
    private String alias;
    private SearchWriter<Tally> writer;

    @BeforeEach
    void index() {
        alias = uniqueId("tally-search-writer-test").toLowerCase();
        writer = new SearchWriter<>(
                elasticsearch,
                new SearchIndex(elasticsearch, alias, mapping -> mapping),
                Tally.class,
                event -> ((Changed) event.getPayload()).id(),
                claims);
    }

    @Test
    void theNextBatchAboutAWrittenDocumentReadsNothing() throws IOException {
        apply("doc-1", "first");
        long reads = reads();

        apply("doc-1", "second");
        assertThat(reads()).isEqualTo(reads);

        claims.started();
        apply("doc-1", "third");
        assertThat(reads()).isGreaterThan(reads);
        assertThat(stored("doc-1").changes()).containsExactly("first", "second", "third");
    }

    @Test
    void aCopyMadeStaleByAnotherWriterFailsAndTheRetryLosesNothing() throws IOException {
        apply("doc-2", "first");
        elasticsearch.index(i -> i.index(alias)
                .id("doc-2")
                .document(new Tally("doc-2", 5, List.of("elsewhere")))
                .refresh(co.elastic.clients.elasticsearch._types.Refresh.True));

        ResultMessage<?> stale = batch("doc-2", "second");
        assertThat(stale.isExceptional()).isTrue();
        assertThat(stale.exceptionResult()).isInstanceOf(SearchWriter.ConcurrentSearchWriteException.class);

        apply("doc-2", "second");
        assertThat(stored("doc-2")).isEqualTo(new Tally("doc-2", 6, List.of("elsewhere", "second")));
    }

    private void apply(String id, String change) {
        ResultMessage<?> result = batch(id, change);
        if (result.isExceptional()) {
            throw new AssertionError("the batch failed", result.exceptionResult());
        }
    }

    private ResultMessage<?> batch(String id, String change) {
        EventMessage<?> event = GenericEventMessage.asEventMessage(new Changed(id, change));
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(List.of(event));
        UnaryOperator<Tally> plus = doc -> (doc == null ? new Tally(id, 0, List.of()) : doc).plus(change);
        return unitOfWork.executeWithResult(() -> {
            writer.change(id, plus);
            return null;
        });
    }

    private long reads() throws IOException {
        return elasticsearch
                .indices()
                .stats(s -> s.index(alias).metric("get"))
                .all()
                .total()
                .get()
                .total();
    }

    private Tally stored(String id) throws IOException {
        return elasticsearch.get(g -> g.index(alias).id(id), Tally.class).source();
    }
}
