package io.tally.axon.eventstore;

import java.sql.SQLException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Recognises PostgreSQL's unique_violation (SQLSTATE 23505), so a second append at the same
 * aggregate sequence becomes Axon's concurrency or duplicate-aggregate exception. Axon's JDBC
 * resolver only knows {@code SQLIntegrityConstraintViolationException}, which the PostgreSQL
 * driver never throws.
 */
class UniqueViolationResolver implements PersistenceExceptionResolver {

    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
                        return true;
                    }
                }
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }
}
