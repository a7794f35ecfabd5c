package io.tally.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.query.QuerySideTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The batched writes of a replay: held until the unit of work commits, each row's statements in their order. */
class ProjectionWritesTest extends QuerySideTest {

    private static final String INSERT =
            "INSERT INTO projection_writes_test (id, steps) VALUES (:id, :step)" + " ON CONFLICT (id) DO NOTHING";
    private static final String APPEND = "UPDATE projection_writes_test SET steps = steps || :step WHERE id = :id";
    private static final String MARK = "UPDATE projection_writes_test SET steps = steps || upper(:step) WHERE id = :id";

    @Autowired
    private NamedParameterJdbcTemplate jdbc;

    @Autowired
    private TransactionManager transactionManager;

    @Autowired
    private javax.sql.DataSource dataSource;

    @BeforeEach
    void table() {
        jdbc.getJdbcTemplate()
                .execute("CREATE TABLE IF NOT EXISTS projection_writes_test"
                        + " (id VARCHAR(64) PRIMARY KEY, steps VARCHAR(200) NOT NULL)");
    }

    @Test
    void eachRowGetsItsStatementsInOrderWhenTheBatchCommitsAndEveryCountIsReported() {
        String a = uniqueId("a");
        String b = uniqueId("b");
        ProjectionWrites writes = ProjectionWrites.batched(jdbc);
        List<Integer> counts = new ArrayList<>();
        AtomicInteger seenBeforeCommit = new AtomicInteger(-1);
        inOneUnitOfWork(() -> {
            writes.write(a, INSERT, step(a, "1"), counts::add);
            writes.write(a, APPEND, step(a, "2"), counts::add);
            writes.write(b, INSERT, step(b, "1"), counts::add);
            writes.write(a, MARK, step(a, "x"), counts::add);
            writes.write(b, MARK, step(b, "y"), counts::add);
            writes.write(a, APPEND, step(a, "3"), counts::add);
            writes.write(b, INSERT, step(b, "again"), counts::add);
            writes.write(b, APPEND, step(b, "4"), counts::add);
            seenBeforeCommit.set(rows(a, b).size());
        });

        assertThat(seenBeforeCommit).hasValue(0);
        assertThat(rows(a, b)).containsExactly(Map.entry(a, "12X3"), Map.entry(b, "1Y4"));
        // per statement, in the order of the rounds: every row's first statement, then second, ...
        assertThat(counts).hasSize(8).containsOnly(0, 1);
        assertThat(counts.stream().filter(count -> count == 0)).hasSize(1);
    }

    @Test
    void aStatementThatFailsTakesTheWholeBatchBack() {
        String a = uniqueId("a");
        ProjectionWrites writes = ProjectionWrites.batched(jdbc);
        assertThatThrownBy(() -> inOneUnitOfWork(() -> {
                    writes.write(a, INSERT, step(a, "1"), count -> {});
                    writes.write(a, APPEND, step(a, "x".repeat(300)), count -> {});
                }))
                .isInstanceOf(Exception.class);
        assertThat(rows(a)).isEmpty();
    }

    @Test
    void immediateWritesRunAtOnce() {
        String a = uniqueId("a");
        ProjectionWrites writes = ProjectionWrites.immediate(jdbc, dataSource);
        List<Integer> counts = new ArrayList<>();
        inOneUnitOfWork(() -> {
            writes.write(a, INSERT, step(a, "1"), counts::add);
            writes.write(a, INSERT, step(a, "1"), counts::add);
            assertThat(counts).containsExactly(1, 0);
        });
        assertThat(rows(a)).containsExactly(Map.entry(a, "1"));
    }

    /**
     * A refused statement aborts the transaction, and nothing else can be written in it (the dead-letter
     * queue included); after one, the writes take savepoints, so the retried batch loses only the refused
     * statement and the rest of it commits.
     */
    @Test
    void afterARefusedStatementTheRetriedBatchKeepsEverythingButIt() {
        String before = uniqueId("a");
        String refused = uniqueId("b");
        String after = uniqueId("c");
        ProjectionWrites writes = ProjectionWrites.immediate(jdbc, dataSource);
        Runnable batch = () -> {
            writes.write(before, INSERT, step(before, "1"));
            try {
                writes.write(refused, INSERT, step(refused, "x".repeat(300)));
            } catch (org.springframework.dao.DataAccessException deadLettered) {
                // as the dead-letter queue does: record the event in the same transaction, then go on
            }
            jdbc.getJdbcTemplate().queryForObject("SELECT 1", Integer.class);
            writes.write(after, INSERT, step(after, "3"));
        };
        ProjectionWrites fresh = ProjectionWrites.immediate(jdbc, dataSource);
        assertThatThrownBy(() -> inOneUnitOfWork(() -> {
                    fresh.write(before, INSERT, step(before, "1"));
                    try {
                        fresh.write(refused, INSERT, step(refused, "x".repeat(300)));
                    } catch (org.springframework.dao.DataAccessException deadLettered) {
                        // without a savepoint the transaction is aborted: the next statement fails too
                    }
                    jdbc.getJdbcTemplate().queryForObject("SELECT 1", Integer.class);
                }))
                .as("the first attempt, without savepoints")
                .hasMessageContaining("current transaction is aborted");
        assertThat(rows(before, refused)).isEmpty();

        // the retry, on writes that saw a refusal before
        String warm = uniqueId("w");
        assertThatThrownBy(() -> writes.write(warm, INSERT, step(warm, "x".repeat(300))))
                .isInstanceOf(org.springframework.dao.DataAccessException.class);
        inOneUnitOfWork(batch);
        assertThat(rows(before, refused, after)).containsExactly(Map.entry(before, "1"), Map.entry(after, "3"));
    }

    private void inOneUnitOfWork(Runnable work) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        unitOfWork.execute(work);
    }

    private static MapSqlParameterSource step(String id, String step) {
        return new MapSqlParameterSource().addValue("id", id).addValue("step", step);
    }

    private List<Map.Entry<String, String>> rows(String... ids) {
        return jdbc.query(
                "SELECT id, steps FROM projection_writes_test WHERE id IN (:ids) ORDER BY id",
                new MapSqlParameterSource("ids", List.of(ids)),
                (rs, row) -> Map.entry(rs.getString(1), rs.getString(2)));
    }
}
