package io.tally.failures;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * Whether a failure, however wrapped, comes from a store that cannot be reached: PostgreSQL's
 * pool or connection lost, Elasticsearch or the card processor's ledger not answering
 * ({@link StoreUnavailableException}), Axon Server unreachable. The HTTP layer answers it 503 with
 * Retry-After; an event processor retries the batch instead of putting the event aside; the
 * console shows a page that says so.
 */
public final class StoreFailures {

    private StoreFailures() {}

    public static boolean isStoreUnavailable(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreUnavailableException
                    || t instanceof CannotGetJdbcConnectionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof java.net.ConnectException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.sql.SQLRecoverableException
                    || (t instanceof java.sql.SQLException sql && isConnectionLoss(sql))
                    || isAxonServerUnreachable(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Axon Server (opt-in) not reachable: its connector's dispatch exceptions and gRPC's status
     * {@code UNAVAILABLE}, matched by name so this module needs no connector on its class path.
     */
    private static boolean isAxonServerUnreachable(Throwable t) {
        String type = t.getClass().getName();
        String message = String.valueOf(t.getMessage());
        return (type.equals("io.grpc.StatusRuntimeException")
                        || type.equals("io.grpc.StatusException")
                        || type.startsWith("org.axonframework.axonserver.connector."))
                && message.startsWith("UNAVAILABLE");
    }

    /** SQLSTATE class 08 (connection exception), 57P01 (server shut down), or a pooled connection already closed. */
    private static boolean isConnectionLoss(java.sql.SQLException sql) {
        String state = sql.getSQLState();
        if (state != null) {
            return state.startsWith("08") || state.equals("57P01");
        }
        return "Connection is closed".equals(sql.getMessage());
    }
}
