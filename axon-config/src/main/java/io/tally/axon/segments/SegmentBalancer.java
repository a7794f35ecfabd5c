package io.tally.axon.segments;

import jakarta.annotation.PreDestroy;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Splits each tracking processor's segments between the instances of a service that share one
 * token store. Axon's tracking processors claim whatever segment is free, so the first instance
 * to start would keep them all; every few seconds each instance records that it is alive and, when
 * it holds more than its share of a processor's segments (segments / live instances, rounded up),
 * releases the surplus for a while so that another instance claims it. An instance that stops
 * gracefully deletes its row on the way out (its processors release their claims), so the others
 * neither count it nor release segments to it; one that dies stops writing, and once its row is
 * stale its share goes back to the others, who claim its segments when its claims time out.
 */
public class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    static final long ALIVE_SECONDS = 12;
    private static final long RELEASE_SECONDS = 10;

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final String instances;
    private final String tokens;
    private final String instanceId;
    private volatile boolean leaving;

    public SegmentBalancer(EventProcessingConfiguration processing, DataSource dataSource, String serviceSchema) {
        this(
                processing,
                dataSource,
                serviceSchema,
                ManagementFactory.getRuntimeMXBean().getName());
    }

    SegmentBalancer(
            EventProcessingConfiguration processing, DataSource dataSource, String serviceSchema, String instanceId) {
        this.processing = processing;
        this.jdbc = new JdbcTemplate(dataSource);
        this.instances = serviceSchema + ".service_instance";
        this.tokens = serviceSchema + ".token_entry";
        this.instanceId = instanceId;
    }

    /**
     * The table of live instances this balancer keeps, for tests and a new service; the services'
     * schemas get it from their Flyway migrations (command-side {@code V3}, query-side {@code V7}).
     */
    public void createSchema() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + instances + " (instance_id VARCHAR(255) PRIMARY KEY,"
                + " seen_at TIMESTAMPTZ NOT NULL)");
    }

    @Scheduled(
            fixedDelayString = "${tally.processors.balance-interval:PT5S}",
            initialDelayString = "${tally.processors.balance-interval:PT5S}")
    public void balance() {
        try {
            int alive = heartbeat();
            if (alive == 0) {
                return;
            }
            for (StreamingEventProcessor processor : processors()) {
                release(processor, alive);
            }
        } catch (RuntimeException e) {
            log.debug("balancing segments skipped: {}", e.toString());
        }
    }

    /** Records that this instance is alive and counts the live instances: none once it is leaving. */
    int heartbeat() {
        if (leaving) {
            return 0;
        }
        jdbc.update(
                "INSERT INTO " + instances + " (instance_id, seen_at) VALUES (?, now())"
                        + " ON CONFLICT (instance_id) DO UPDATE SET seen_at = now()",
                instanceId);
        Integer alive = jdbc.queryForObject(
                "SELECT count(*) FROM " + instances + " WHERE seen_at > now() - make_interval(secs => ?)",
                Integer.class,
                (double) ALIVE_SECONDS);
        jdbc.update("DELETE FROM " + instances + " WHERE seen_at < now() - interval '1 hour'");
        return Math.max(1, alive == null ? 1 : alive);
    }

    /**
     * This instance stops: it is no longer counted at once. Otherwise the others would go on counting
     * it for {@value #ALIVE_SECONDS} s and release segments to it that nobody then processes.
     */
    @PreDestroy
    public void leave() {
        leaving = true;
        try {
            jdbc.update("DELETE FROM " + instances + " WHERE instance_id = ?", instanceId);
        } catch (RuntimeException e) {
            log.debug("leaving the balance skipped: {}", e.toString());
        }
    }

    private void release(StreamingEventProcessor processor, int alive) {
        int segments = segmentsOf(processor);
        if (segments == 0 || !processor.isRunning()) {
            return;
        }
        int share = (segments + alive - 1) / alive;
        Map<Integer, EventTrackerStatus> held = processor.processingStatus();
        List<Integer> mine = new ArrayList<>(held.keySet());
        for (int i = share; i < mine.size(); i++) {
            log.info(
                    "{}: holding {} of {} segments with {} instances alive; releasing segment {}",
                    processor.getName(),
                    mine.size(),
                    segments,
                    alive,
                    mine.get(i));
            processor.releaseSegment(mine.get(i), RELEASE_SECONDS, TimeUnit.SECONDS);
        }
    }

    private int segmentsOf(StreamingEventProcessor processor) {
        Integer count = jdbc.queryForObject(
                "SELECT count(*) FROM " + tokens + " WHERE processor_name = ?", Integer.class, processor.getName());
        return count == null ? 0 : count;
    }

    private List<StreamingEventProcessor> processors() {
        List<StreamingEventProcessor> streaming = new ArrayList<>();
        processing.eventProcessors().values().forEach(p -> {
            if (p instanceof StreamingEventProcessor s) {
                streaming.add(s);
            }
        });
        return streaming;
    }
}
