package io.tally.command.fulfillment;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import io.tally.command.web.CommandSideHttpTest;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The deadline manager the application runs writes rows Axon's own task reads and runs, and
 * cancels them as db-scheduler would: a pending deadline is removed, a running one is refused,
 * one already gone is ignored.
 */
class OneStatementDeadlineManagerTest extends CommandSideHttpTest {

    private static final SagaScopeDescriptor NO_SUCH_SAGA =
            new SagaScopeDescriptor(OrderFulfillmentSaga.class.getName(), "no-saga-" + UUID.randomUUID());

    @Autowired
    private DeadlineManager deadlines;
    @Autowired
    private Scheduler scheduler;

    @Test
    void isTheManagerTheApplicationRuns() {
        assertThat(deadlines).isInstanceOf(OneStatementDeadlineManager.class);
    }

    @Test
    void aScheduledDeadlineIsStoredAsAxonsTaskReadsIt() {
        String id = deadlines.schedule(Instant.now().plus(Duration.ofMinutes(10)), "test-deadline", null, NO_SUCH_SAGA);

        Optional<ScheduledExecution<Object>> stored = scheduler.getScheduledExecution(new DbSchedulerDeadlineToken(id));
        assertThat(stored).isPresent();
        assertThat(stored.get().getData()).isInstanceOfSatisfying(DbSchedulerBinaryDeadlineDetails.class,
                details -> assertThat(details.getD()).isEqualTo("test-deadline"));

        deadlines.cancelSchedule("test-deadline", id);
        assertThat(scheduler.getScheduledExecution(new DbSchedulerDeadlineToken(id))).isEmpty();
    }

    @Test
    void aDueDeadlineIsRunByAxonsTaskAndRemoved() {
        String id = deadlines.schedule(Instant.now().plusMillis(100), "test-deadline", null, NO_SUCH_SAGA);

        // Axon's task deserialises the details and hands them to the (absent) saga; a row it could
        // not read would fail and stay, retried
        await().atMost(Duration.ofSeconds(10))
               .until(() -> scheduler.getScheduledExecution(new DbSchedulerDeadlineToken(id)).isEmpty());
        assertThat(jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE task_instance = :id").param("id", id)
                       .query(Long.class).single()).isZero();
    }

    @Test
    void aRunningDeadlineIsNotCancelledAndOneAlreadyGoneIsIgnored() {
        String id = deadlines.schedule(Instant.now().plus(Duration.ofMinutes(10)), "test-deadline", null, NO_SUCH_SAGA);
        jdbc.sql("UPDATE scheduled_tasks SET picked = true WHERE task_instance = :id").param("id", id).update();

        assertThatThrownBy(() -> deadlines.cancelSchedule("test-deadline", id))
                .isInstanceOf(TaskInstanceCurrentlyExecutingException.class);
        assertThat(jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE task_instance = :id").param("id", id)
                       .query(Long.class).single()).isOne();

        jdbc.sql("DELETE FROM scheduled_tasks WHERE task_instance = :id").param("id", id).update();
        deadlines.cancelSchedule("test-deadline", id);
        deadlines.cancelSchedule("test-deadline", "never-scheduled-" + UUID.randomUUID());
    }
}
