package io.tally.domain;

/** The caller's If-Match version is not the aggregate's current version; answered 412. */
public class VersionMismatchException extends RuntimeException {

    private final long expectedVersion;
    private final long currentVersion;

    public VersionMismatchException(long expectedVersion, long currentVersion) {
        super("expected version " + expectedVersion + " but the current version is " + currentVersion);
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    /** Refuses a command whose If-Match version (null: none given) is not the aggregate's current one. */
    public static void requireVersion(Long expectedVersion, long currentVersion) {
        if (expectedVersion != null && expectedVersion != currentVersion) {
            throw new VersionMismatchException(expectedVersion, currentVersion);
        }
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
