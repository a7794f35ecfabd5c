package io.tally.query.search;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The names of this query side's Elasticsearch aliases: {@code tally.elasticsearch.index-prefix} +
 * base name. A replay writes through the aliases of {@link #rebuild()}: the same names ending in
 * {@code -rebuild}.
 */
@Component
public class IndexNames {

    private final String prefix;
    private final String suffix;

    @Autowired
    IndexNames(@Value("${tally.elasticsearch.index-prefix:}") String prefix) {
        this(prefix == null ? "" : prefix, "");
    }

    private IndexNames(String prefix, String suffix) {
        this.prefix = prefix;
        this.suffix = suffix;
    }

    public String alias(String base) {
        return prefix + base + suffix;
    }

    /** The aliases a replay fills before they are swapped in. */
    public IndexNames rebuild() {
        return new IndexNames(prefix, "-rebuild");
    }
}
