package io.tally.command.fulfillment;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;

/**
 * Saga deadlines live in PostgreSQL ({@code scheduled_tasks}) through db-scheduler, so they
 * survive a restart and fire on exactly one instance. Axon's own auto-configuration turns this
 * Scheduler into its DeadlineManager. Scheduling joins the saga's transaction, so a deadline
 * exists exactly when the saga state that expects it was committed.
 */
@Configuration
class DeadlineConfiguration {

    @Bean
    Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
                        .tableName("scheduled_tasks")
                        .threads(2)
                        .pollingInterval(Duration.ofMillis(500))
                        .heartbeatInterval(Duration.ofSeconds(10))
                        .build();
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
