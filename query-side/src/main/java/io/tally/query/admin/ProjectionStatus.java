package io.tally.query.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tally.axon.TallyAxonProperties;
import io.tally.formats.tokens.TokenPosition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The projections' state as every instance sees it: positions from the token store (all segments,
 * whoever owns them), the head of the event store, dead letters from their table. Exported as the
 * gauges {@code tally.projection.lag} and {@code tally.projection.dead.letters}, and answered by
 * {@code GET /api/admin/projections}. Dead letters are retried on a schedule.
 */
@Component
public class ProjectionStatus {

    private static final Logger log = LoggerFactory.getLogger(ProjectionStatus.class);
    private static final long CACHE_NANOS = 1_000_000_000L;

    private final EventProcessingConfiguration processing;
    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    private final String eventTable;
    private volatile Snapshot snapshot;

    private final Replays replays;

    ProjectionStatus(
            EventProcessingConfiguration processing,
            JdbcClient jdbc,
            MeterRegistry meters,
            TallyAxonProperties properties,
            Replays replays) {
        this.processing = processing;
        this.replays = replays;
        this.jdbc = jdbc;
        this.meters = meters;
        this.eventTable = properties.eventSchema() + ".domain_event_entry";
    }

    /**
     * One projection: {@code lag} is how many global-index positions it is behind the head. While it
     * is {@code replaying}, {@code progress} and {@code etaSeconds} are the copy's being rebuilt;
     * {@code lastReplay} is how the last replay on this instance ended.
     */
    public record ProjectionView(
            String name,
            String status,
            long position,
            long head,
            long lag,
            boolean replaying,
            double progress,
            @Nullable Long etaSeconds,
            long deadLetters,
            int segments,
            Replays.@Nullable ReplayReport lastReplay) {}

    private record Snapshot(long takenAt, long head, Map<String, long[]> positions, Map<String, Long> deadLetters) {}

    @EventListener(ApplicationReadyEvent.class)
    void registerGauges() {
        for (String name : names()) {
            Gauge.builder("tally.projection.lag", () -> view(name, snapshot()).lag())
                    .description("events the projection is behind the head of the event store")
                    .tag("projection", name)
                    .register(meters);
            Gauge.builder(
                            "tally.projection.dead.letters",
                            () -> view(name, snapshot()).deadLetters())
                    .description("events waiting in the projection's dead-letter queue")
                    .tag("projection", name)
                    .register(meters);
        }
    }

    public List<ProjectionView> all() {
        Snapshot current = snapshot();
        return names().stream().map(name -> view(name, current)).toList();
    }

    public Optional<ProjectionView> find(String name) {
        return names().contains(name) ? Optional.of(view(name, snapshot())) : Optional.empty();
    }

    /** Retries the dead letters of one projection now; answers how many sequences were processed. */
    public int retryDeadLetters(String name) {
        Optional<SequencedDeadLetterProcessor<org.axonframework.eventhandling.EventMessage<?>>> processor =
                processing.sequencedDeadLetterProcessor(name);
        int processed = 0;
        if (processor.isPresent()) {
            long sequences = processing
                    .deadLetterQueue(name)
                    .map(q -> q.amountOfSequences())
                    .orElse(0L);
            for (int i = 0; i < sequences && processor.get().processAny(); i++) {
                processed++;
            }
        }
        snapshot = null;
        return processed;
    }

    @Scheduled(
            fixedDelayString = "${tally.projections.dead-letter-retry:PT30S}",
            initialDelayString = "${tally.projections.dead-letter-retry:PT30S}")
    void retryAllDeadLetters() {
        for (String name : names()) {
            try {
                int processed = retryDeadLetters(name);
                if (processed > 0) {
                    log.info("retried {} dead-lettered sequence(s) of {}", processed, name);
                }
            } catch (RuntimeException e) {
                log.warn("retrying the dead letters of {} failed: {}", name, e.getMessage());
            }
        }
    }

    private List<String> names() {
        return processing.eventProcessors().values().stream()
                .filter(p -> p instanceof StreamingEventProcessor)
                .map(EventProcessor::getName)
                .sorted()
                .toList();
    }

    private ProjectionView view(String name, Snapshot current) {
        Optional<EventProcessor> processor = processing.eventProcessor(name);
        String status = processor
                .map(p -> p instanceof StreamingEventProcessor s
                        ? (s.isError() ? "error" : s.isRunning() ? "running" : "stopped")
                        : "stopped")
                .orElse("unknown");
        Optional<Replays.Progress> copy = replays.progress(name);
        boolean replaying = copy.isPresent()
                || processor
                        .map(p -> p instanceof StreamingEventProcessor s && s.isReplaying())
                        .orElse(false);
        long[] positions = current.positions().getOrDefault(name, new long[] {-1, 0});
        long position = positions[0];
        long lag = Math.max(0, current.head() - position);
        long progressed = copy.map(Replays.Progress::position).orElse(position);
        double progress = current.head() <= 0 ? 1.0 : Math.min(1.0, Math.max(0, progressed) / (double) current.head());
        Long eta = copy.map(c -> c.etaSeconds(current.head())).orElse(null);
        return new ProjectionView(
                name,
                status,
                position,
                current.head(),
                lag,
                replaying,
                progress,
                eta,
                current.deadLetters().getOrDefault(name, 0L),
                (int) positions[1],
                replays.lastReport(name).orElse(null));
    }

    private Snapshot snapshot() {
        Snapshot current = snapshot;
        if (current != null && System.nanoTime() - current.takenAt() < CACHE_NANOS) {
            return current;
        }
        long head = jdbc.sql("SELECT coalesce(max(global_index), -1) FROM " + eventTable)
                .query(Long.class)
                .single();
        Map<String, long[]> positions = new HashMap<>();
        jdbc.sql("SELECT processor_name, token FROM token_entry WHERE processor_name NOT LIKE '%-rebuild'")
                .query((rs, row) -> {
                    String name = rs.getString("processor_name");
                    long position = TokenPosition.of(rs.getBytes("token"));
                    positions.merge(name, new long[] {position, 1}, (a, b) ->
                            new long[] {Math.min(a[0], b[0]), a[1] + b[1]});
                    return null;
                })
                .list();
        Map<String, Long> deadLetters = new TreeMap<>();
        jdbc.sql("SELECT processing_group, count(*) AS letters FROM dead_letter_entry GROUP BY processing_group")
                .query((rs, row) -> deadLetters.put(rs.getString("processing_group"), rs.getLong("letters")))
                .list();
        current = new Snapshot(System.nanoTime(), head, positions, deadLetters);
        snapshot = current;
        return current;
    }
}
