package io.tally.command.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.tally.command.web.CommandSideHttpTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A deadline whose unit of work fails (here a lost race, as when the gateway's answer is recorded on
 * another instance at the same moment) runs again within a second, on the real scheduler and
 * table, where db-scheduler's default would wait five minutes.
 */
class DeadlineRetryTest extends CommandSideHttpTest {

    @Autowired
    private DataSource dataSource;

    @Test
    void aDeadlineThatLostARaceRunsAgainWithinASecond() {
        AtomicInteger runs = new AtomicInteger();
        OneTimeTask<Void> racing = Tasks.oneTime("deadline-retry-test-" + UUID.randomUUID(), Void.class)
                .execute((instance, context) -> {
                    if (runs.incrementAndGet() == 1) {
                        throw new ConcurrencyException("lost a race with the gateway's answer");
                    }
                });
        Task<Void> task = DeadlineConfiguration.retriedSoon(racing);
        Scheduler scheduler = Scheduler.create(dataSource, task)
                .tableName("scheduled_tasks")
                .threads(1)
                .pollingInterval(Duration.ofMillis(50))
                .build();
        scheduler.start();
        try {
            scheduler.schedule(task.instance("1"), Instant.now());
            await().atMost(Duration.ofSeconds(3))
                    .untilAsserted(() -> assertThat(runs.get()).isEqualTo(2));
        } finally {
            scheduler.stop();
        }
    }
}
