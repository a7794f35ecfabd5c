package io.tally.query.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * How a PostgreSQL projector writes its rows. Each statement writes exactly one row, named by
 * {@code row} (its primary key), and tells {@code changed} how many rows it changed.
 *
 * <p>{@link #immediate} runs every statement at once: the live processors use it, so that a
 * statement that fails fails in its own event's handler and the dead-letter queue takes that event
 * alone. {@link #batched} keeps a batch's statements until the batch's unit of work commits and
 * then sends them as JDBC batches, one round trip per statement text and round instead of one per
 * statement: replays use it (docs/benchmark-results.md). Statements on different rows commute, so
 * only each row's own order is kept: round one holds every row's first statement, round two every
 * row's second, and so on.
 *
 * <p>A statement PostgreSQL refuses (a constraint, a trigger, a value out of range) aborts the
 * batch's transaction, and the dead-letter queue could not record the event in it: the batch
 * would be retried, and fail, for ever. So after a refused statement the live writes run each
 * statement inside a savepoint for a while ({@link #CAREFUL}): the retried batch rolls the refused
 * statement back alone, its event is dead-lettered and the rest of the batch commits. Savepoints
 * cost two round trips a statement, so the writes do without them until a statement fails.
 */
public abstract sealed class ProjectionWrites {

    private static final IntConsumer IGNORED = count -> {};

    final NamedParameterJdbcOperations jdbc;

    private ProjectionWrites(NamedParameterJdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** How long the live writes use savepoints after PostgreSQL refused one of them. */
    static final java.time.Duration CAREFUL = java.time.Duration.ofMinutes(1);

    public static ProjectionWrites immediate(NamedParameterJdbcOperations jdbc, DataSource dataSource) {
        return new Immediate(jdbc, dataSource);
    }

    public static ProjectionWrites batched(NamedParameterJdbcOperations jdbc) {
        return new Batched(jdbc);
    }

    /** Writes the row {@code row} with {@code sql}; {@code changed} gets the update count. */
    public abstract void write(String row, String sql, MapSqlParameterSource params, IntConsumer changed);

    public void write(String row, String sql, MapSqlParameterSource params) {
        write(row, sql, params, IGNORED);
    }

    final void writeNow(String sql, MapSqlParameterSource params, IntConsumer changed) {
        changed.accept(jdbc.update(sql, params));
    }

    private static final class Immediate extends ProjectionWrites {

        private final DataSource dataSource;
        private volatile long carefulUntil = System.nanoTime();

        Immediate(NamedParameterJdbcOperations jdbc, DataSource dataSource) {
            super(jdbc);
            this.dataSource = dataSource;
        }

        @Override
        public void write(String row, String sql, MapSqlParameterSource params, IntConsumer changed) {
            if (carefulUntil - System.nanoTime() > 0 && TransactionSynchronizationManager.isActualTransactionActive()) {
                writeInSavepoint(sql, params, changed);
                return;
            }
            try {
                writeNow(sql, params, changed);
            } catch (DataAccessException refused) {
                carefulUntil = System.nanoTime() + CAREFUL.toNanos();
                throw refused;
            }
        }

        private void writeInSavepoint(String sql, MapSqlParameterSource params, IntConsumer changed) {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                Savepoint savepoint = connection.setSavepoint();
                try {
                    writeNow(sql, params, changed);
                } catch (DataAccessException refused) {
                    carefulUntil = System.nanoTime() + CAREFUL.toNanos();
                    connection.rollback(savepoint);
                    throw refused;
                }
                connection.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                throw new org.springframework.dao.DataAccessResourceFailureException(
                        "a projection savepoint failed", e);
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
        }
    }

    private static final class Batched extends ProjectionWrites {

        private final String resource = ProjectionWrites.class.getName() + "@" + System.identityHashCode(this);

        Batched(NamedParameterJdbcOperations jdbc) {
            super(jdbc);
        }

        @Override
        public void write(String row, String sql, MapSqlParameterSource params, IntConsumer changed) {
            if (!CurrentUnitOfWork.isStarted()) {
                writeNow(sql, params, changed);
                return;
            }
            UnitOfWork<?> root = CurrentUnitOfWork.get().root();
            Pending pending = root.getOrComputeResource(resource, key -> {
                Pending created = new Pending();
                root.onPrepareCommit(unitOfWork -> created.flush(jdbc));
                return created;
            });
            pending.add(row, new Statement(sql, params, changed));
        }
    }

    private record Statement(String sql, SqlParameterSource params, IntConsumer changed) {}

    /** One batch's statements, by row, in the order each row got them. */
    static final class Pending {

        private final Map<String, ArrayDeque<Statement>> rows = new LinkedHashMap<>();

        void add(String row, Statement statement) {
            rows.computeIfAbsent(row, key -> new ArrayDeque<>()).add(statement);
        }

        void flush(NamedParameterJdbcOperations jdbc) {
            while (!rows.isEmpty()) {
                Map<String, List<Statement>> round = new LinkedHashMap<>();
                for (Iterator<ArrayDeque<Statement>> queues = rows.values().iterator(); queues.hasNext(); ) {
                    ArrayDeque<Statement> queue = queues.next();
                    Statement next = queue.poll();
                    round.computeIfAbsent(next.sql(), key -> new ArrayList<>()).add(next);
                    if (queue.isEmpty()) {
                        queues.remove();
                    }
                }
                for (Map.Entry<String, List<Statement>> same : round.entrySet()) {
                    List<Statement> statements = same.getValue();
                    int[] counts = jdbc.batchUpdate(
                            same.getKey(),
                            statements.stream().map(Statement::params).toArray(SqlParameterSource[]::new));
                    for (int i = 0; i < statements.size(); i++) {
                        // a driver that cannot tell (SUCCESS_NO_INFO) may have changed the row
                        statements
                                .get(i)
                                .changed()
                                .accept(counts[i] == java.sql.Statement.SUCCESS_NO_INFO ? 1 : counts[i]);
                    }
                }
            }
        }
    }
}
