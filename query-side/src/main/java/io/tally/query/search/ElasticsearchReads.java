package io.tally.query.search;

import io.tally.failures.StoreUnavailableException;
import java.io.IOException;

/** Runs a read against Elasticsearch; a node that cannot be reached becomes a 503, not a 500. */
public final class ElasticsearchReads {

    /** Sums of {@code long} fields come back as doubles: exact below 2^53 minor units, refused above. */
    private static final double EXACT_LIMIT = 9_007_199_254_740_992d;

    private ElasticsearchReads() {}

    public interface Read<T> {
        T run() throws IOException;
    }

    public static <T> T read(Read<T> read) {
        try {
            return read.run();
        } catch (IOException e) {
            throw new StoreUnavailableException("Elasticsearch", e);
        }
    }

    /** An Elasticsearch sum of minor units as the exact {@code long} it is. */
    public static long exactSum(double sum) {
        if (Math.abs(sum) >= EXACT_LIMIT) {
            throw new ArithmeticException("a sum of " + sum + " minor units is beyond exact aggregation");
        }
        return Math.round(sum);
    }
}
