package io.tally.query.search;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The names of this query side's Elasticsearch aliases: {@code tally.elasticsearch.index-prefix} + base name. */
@Component
public class SearchIndices {

    private final String prefix;

    SearchIndices(@Value("${tally.elasticsearch.index-prefix:}") String prefix) {
        this.prefix = prefix == null ? "" : prefix;
    }

    public String alias(String base) {
        return prefix + base;
    }
}
