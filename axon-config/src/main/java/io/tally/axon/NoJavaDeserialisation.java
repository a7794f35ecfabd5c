package io.tally.axon;

import java.io.ObjectInputFilter;

/**
 * The process-wide {@code jdk.serialFilter} of both services: Java deserialisation refused for
 * every class but the one shape a deadline scheduled by an earlier release has (migrated to JSON at
 * start, docs/security.md) and the one the Elasticsearch client's HTTP library copies through
 * serialisation in memory (Apache HttpClient's {@code BasicAuthCache} keeps each host's
 * {@code BasicScheme} as bytes it wrote itself). Nothing of Tally's reads Java serialisation
 * otherwise; a gadget chain needs some class to be read, and none of the admitted ones runs code
 * while being read.
 */
public final class NoJavaDeserialisation {

    private static final String DEADLINE_CLASSES =
            "org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;java.lang.String;";
    private static final String LIMITS_AND_NOTHING_ELSE = "maxdepth=3;maxrefs=32;maxbytes=1048576;!*";

    /** A deadline an earlier release stored (its task data read once, at start, to rewrite it as JSON). */
    public static final String DEADLINE_PATTERN = DEADLINE_CLASSES + LIMITS_AND_NOTHING_ELSE;

    /** What the process admits: the deadline's shape and HttpClient's auth scheme (a map of strings). */
    public static final String PROCESS_PATTERN = DEADLINE_CLASSES
            + "org.apache.http.impl.auth.BasicScheme;org.apache.http.impl.auth.RFC2617Scheme;java.util.HashMap;"
            + LIMITS_AND_NOTHING_ELSE;

    private NoJavaDeserialisation() {}

    /** Installs the filter unless {@code -Djdk.serialFilter} set one already (the JVM allows one). */
    public static void install() {
        if (ObjectInputFilter.Config.getSerialFilter() == null) {
            ObjectInputFilter.Config.setSerialFilter(ObjectInputFilter.Config.createFilter(PROCESS_PATTERN));
        }
    }
}
