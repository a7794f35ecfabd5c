package io.tally.command.fulfillment;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.tracing.Span;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Axon's db-scheduler deadline manager, with one statement for each schedule and cancel where
 * db-scheduler's client takes two: it reads the row before inserting it (the id is a fresh UUID,
 * so it cannot exist) and before deleting it. Scheduling inserts the row as db-scheduler's batch
 * insert does, with the same serialised details Axon's own manager writes, so Axon's task runs it;
 * cancelling deletes the row unless it is being executed, and only when nothing was deleted reads
 * it to tell a running deadline (refused, as db-scheduler does) from one already gone (ignored, as
 * Axon does). Both join the saga's transaction at its prepare-commit, as before.
 */
final class OneStatementDeadlineManager extends DbSchedulerDeadlineManager {

    private static final String TASK_NAME = new DbSchedulerDeadlineToken("").getTaskName();
    private static final TaskDescriptor<DbSchedulerBinaryDeadlineDetails> BINARY_TASK =
            TaskDescriptor.of(TASK_NAME, DbSchedulerBinaryDeadlineDetails.class);

    private final Scheduler scheduler;
    private final Serializer serializer;
    private final DeadlineManagerSpanFactory spans;
    private final JdbcClient jdbc;
    private final String table;

    OneStatementDeadlineManager(Builder builder, Scheduler scheduler, Serializer serializer,
                                DeadlineManagerSpanFactory spans, JdbcClient jdbc, String table) {
        super(builder.scheduler(scheduler).serializer(serializer).spanFactory(spans));
        this.scheduler = scheduler;
        this.serializer = serializer;
        this.spans = spans;
        this.jdbc = jdbc;
        this.table = table;
    }

    @Override
    public String schedule(Instant triggerDateTime, String deadlineName,
                           Object messageOrPayload, ScopeDescriptor deadlineScope) {
        DeadlineMessage<Object> deadline =
                GenericDeadlineMessage.asDeadlineMessage(deadlineName, messageOrPayload, triggerDateTime);
        String id = IdentifierFactory.getInstance().generateIdentifier();
        Span span = spans.createScheduleSpan(deadlineName, id, deadline);
        runOnPrepareCommitOrNow(span.wrapRunnable(() -> {
            TaskInstance<?> task = BINARY_TASK.instance(id)
                                              .data(details(deadlineName, deadlineScope, processDispatchInterceptors(deadline)))
                                              .build();
            scheduler.scheduleBatch(List.of(task), triggerDateTime);
        }));
        return id;
    }

    /** What Axon's manager stores (DbSchedulerBinaryDeadlineDetails.serialized, not public). */
    private DbSchedulerBinaryDeadlineDetails details(String deadlineName, ScopeDescriptor scope,
                                                     DeadlineMessage<?> deadline) {
        SerializedObject<byte[]> descriptor = serializer.serialize(scope, byte[].class);
        SerializedObject<byte[]> payload = serializer.serialize(deadline.getPayload(), byte[].class);
        SerializedObject<byte[]> metaData = serializer.serialize(deadline.getMetaData(), byte[].class);
        return new DbSchedulerBinaryDeadlineDetails(deadlineName, descriptor.getData(), descriptor.getType().getName(),
                payload.getData(), payload.getType().getName(), payload.getType().getRevision(), metaData.getData());
    }

    @Override
    public void cancelSchedule(String deadlineName, String scheduleId) {
        Span span = spans.createCancelScheduleSpan(deadlineName, scheduleId);
        runOnPrepareCommitOrNow(span.wrapRunnable(() -> {
            int deleted = jdbc.sql("DELETE FROM " + table
                                   + " WHERE task_name = :name AND task_instance = :id AND picked = false")
                              .param("name", TASK_NAME).param("id", scheduleId).update();
            if (deleted == 0 && running(scheduleId)) {
                throw new TaskInstanceCurrentlyExecutingException(TASK_NAME, scheduleId);
            }
        }));
    }

    private boolean running(String scheduleId) {
        Optional<Boolean> picked = jdbc.sql("SELECT picked FROM " + table + " WHERE task_name = :name AND task_instance = :id")
                                       .param("name", TASK_NAME).param("id", scheduleId).query(Boolean.class).optional();
        return picked.orElse(false);
    }
}
