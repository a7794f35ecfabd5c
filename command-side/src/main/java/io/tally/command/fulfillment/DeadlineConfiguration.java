package io.tally.command.fulfillment;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Saga deadlines live in PostgreSQL ({@code scheduled_tasks}) through db-scheduler, so they
 * survive a restart and fire on exactly one instance. Axon's own auto-configuration turns this
 * Scheduler into its DeadlineManager ({@code DbSchedulerDeadlineManager}, as Axon builds it: a
 * one-statement replacement saved 1.9 statements an order and was removed, docs/axon-departures.md). Scheduling joins the saga's transaction, so a deadline
 * exists exactly when the saga state that expects it was committed. A deadline whose unit of work
 * fails runs again 200 ms later, then after twice as long each time: the usual failure is a lost
 * race (the gateway's answer recorded on another instance at the same moment), which db-scheduler
 * would otherwise retry only after five minutes, leaving the order waiting. Task data is JSON
 * ({@link DeadlineDataSerializer}); rows an earlier release wrote are rewritten at start.
 */
@Configuration
class DeadlineConfiguration {

    @Bean
    Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks, JdbcClient jdbc) {
        DeadlineDataMigration.migrate(jdbc, TABLE);
        return Scheduler.create(
                        new TransactionAwareDataSourceProxy(dataSource),
                        tasks.stream()
                                .<Task<?>>map(DeadlineConfiguration::retriedSoon)
                                .toList())
                .tableName(TABLE)
                // JSON, never Java serialisation: task_data is the command role's to write
                .serializer(new DeadlineDataSerializer())
                .threads(2)
                .pollingInterval(Duration.ofMillis(500))
                .heartbeatInterval(Duration.ofSeconds(10))
                .build();
    }

    static final String TABLE = "scheduled_tasks";

    static final Duration FIRST_RETRY = Duration.ofMillis(200);

    /** The task as it is, but retried after {@link #FIRST_RETRY}, doubling, when it fails. */
    static <T> Task<T> retriedSoon(Task<T> task) {
        return new OneTimeTask<>(
                task.getName(),
                task.getDataClass(),
                new FailureHandler.ExponentialBackoffFailureHandler<>(FIRST_RETRY, 2.0)) {
            @Override
            public void executeOnce(TaskInstance<T> instance, ExecutionContext context) {
                task.execute(instance, context);
            }
        };
    }

    /** Starts polling once the application (and Axon) is running, stops it before they stop. */
    @Bean
    SmartLifecycle deadlineSchedulerLifecycle(Scheduler scheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                scheduler.start();
                running = true;
            }

            @Override
            public void stop() {
                scheduler.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE - 100;
            }
        };
    }
}
