package io.tally.query.order;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.tally.axon.privacy.PersonalData;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Takes an erased customer's name and email out of the {@code orders} index, the one copy that
 * keeps them in plain text (for full-text search). The erasure event triggers it at once; a
 * sweep every 30 s repeats it for customers erased in the last ten minutes, for a document another
 * segment opened just before the key was destroyed and wrote just after the first pass.
 */
class PersonalDataScrubber {

    private static final Logger log = LoggerFactory.getLogger(PersonalDataScrubber.class);
    private static final Map<String, String> ERASED =
            Map.of("customerName", PersonalData.ERASED, "customerEmail", PersonalData.ERASED);

    private final ElasticsearchClient client;
    private final String alias;

    PersonalDataScrubber(ElasticsearchClient client, String alias) {
        this.client = client;
        this.alias = alias;
    }

    /** Erases the customer's name and email in every document of theirs; answers how many changed. */
    long scrub(String customerId) throws IOException {
        long changed = 0;
        if (!client.indices().existsAlias(a -> a.name(alias)).value()) {
            return 0;
        }
        while (true) {
            client.indices().refresh(r -> r.index(alias));
            SearchResponse<Void> found = client.search(
                    s -> s.index(alias)
                            .size(500)
                            .source(src -> src.fetch(false))
                            .query(q -> q.bool(b -> b.filter(f ->
                                            f.term(t -> t.field("customerId").value(customerId)))
                                    .mustNot(m -> m.term(
                                            t -> t.field("customerName.keyword").value(PersonalData.ERASED))))),
                    Void.class);
            if (found.hits().hits().isEmpty()) {
                if (changed > 0) {
                    expunge();
                }
                return changed;
            }
            BulkResponse bulk = client.bulk(b -> {
                for (Hit<Void> hit : found.hits().hits()) {
                    b.operations(op -> op.update(u ->
                            u.index(hit.index()).id(hit.id()).retryOnConflict(5).action(a -> a.doc(ERASED))));
                }
                return b;
            });
            if (bulk.errors()) {
                throw new IOException("erasing personal data of " + customerId + " in " + alias + " failed: "
                        + bulk.items().stream()
                                .filter(i -> i.error() != null)
                                .findFirst()
                                .map(i -> i.error().reason())
                                .orElse("?"));
            }
            changed += found.hits().hits().size();
        }
    }

    /**
     * An update in Lucene marks the old document deleted; its name and email stay in the segment
     * files until a merge drops them (issue 34, point 9). So after a scrub the index is merged with
     * every deleted document expunged ({@code expunge_deletes_allowed} 0: Elasticsearch's default
     * leaves segments with under 10 % deleted alone). Erasures are rare; the merge rewrites the
     * segments that hold deletions.
     */
    private void expunge() throws IOException {
        client.indices().refresh(r -> r.index(alias));
        client.indices()
                .putSettings(p -> p.index(alias)
                        .settings(s -> s.otherSettings(
                                "index.merge.policy.expunge_deletes_allowed", co.elastic.clients.json.JsonData.of(0))));
        // soft deletes are kept for the shard's retention lease until a flush lets it move past them
        client.indices().flush(f -> f.index(alias).waitIfOngoing(true));
        client.indices().forcemerge(f -> f.index(alias).onlyExpungeDeletes(true));
        expungeAgainUntil = java.time.Instant.now().plus(EXPUNGE_AGAIN);
    }

    /** The lease may move only at its next sync (30 s): the sweep merges again for this long after a scrub. */
    private static final java.time.Duration EXPUNGE_AGAIN = java.time.Duration.ofSeconds(100);

    private static volatile java.time.Instant expungeAgainUntil = java.time.Instant.MIN;

    /** Once more, while a recent scrub's old versions may still be retained. */
    void expungeIfRecent() throws IOException {
        if (java.time.Instant.now().isBefore(expungeAgainUntil)
                && client.indices().existsAlias(a -> a.name(alias)).value()) {
            java.time.Instant until = expungeAgainUntil;
            expunge();
            expungeAgainUntil = until; // a sweep's own merge does not extend the window
        }
    }

    /** The sweep: repeats the scrub for recent erasures. */
    @Component
    static class Sweep {

        private final PersonalData personalData;
        private final PersonalDataScrubber scrubber;

        Sweep(PersonalData personalData, ElasticsearchClient client, io.tally.query.search.IndexNames indices) {
            this.personalData = personalData;
            this.scrubber = new PersonalDataScrubber(client, indices.alias(OrderIndex.ALIAS));
        }

        @Scheduled(
                fixedDelayString = "${tally.personal-data.sweep:PT30S}",
                initialDelayString = "${tally.personal-data.sweep:PT30S}")
        void sweep() {
            for (String customerId : personalData.erasedWithin(600)) {
                try {
                    long changed = scrubber.scrub(customerId);
                    if (changed > 0) {
                        log.info("erased the personal data of a customer in {} more document(s)", changed);
                    }
                } catch (IOException | RuntimeException e) {
                    log.warn("sweeping erased personal data failed: {}", e.toString());
                }
            }
            try {
                scrubber.expungeIfRecent();
            } catch (IOException | RuntimeException e) {
                log.warn("expunging erased personal data from the index files failed: {}", e.toString());
            }
        }
    }
}
