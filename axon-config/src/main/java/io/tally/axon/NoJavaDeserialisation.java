package io.tally.axon;

import java.io.ObjectInputFilter;

/**
 * The process-wide {@code jdk.serialFilter} of both services: Java deserialisation refused for
 * every class but the one shape a deadline scheduled by an earlier release has (migrated to JSON at
 * start, docs/security.md). Nothing of Tally's reads Java serialisation otherwise; a gadget chain
 * needs some class to be read, and none is.
 */
public final class NoJavaDeserialisation {

    public static final String PATTERN =
            "org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;java.lang.String;"
                    + "maxdepth=3;maxrefs=32;maxbytes=1048576;!*";

    private NoJavaDeserialisation() {
    }

    /** Installs the filter unless {@code -Djdk.serialFilter} set one already (the JVM allows one). */
    public static void install() {
        if (ObjectInputFilter.Config.getSerialFilter() == null) {
            ObjectInputFilter.Config.setSerialFilter(ObjectInputFilter.Config.createFilter(PATTERN));
        }
    }
}
