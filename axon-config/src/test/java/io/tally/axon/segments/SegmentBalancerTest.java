package io.tally.axon.segments;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.axon.testing.TestDatabase;
import java.util.UUID;
import org.axonframework.config.EventProcessingModule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live instances a balancer counts, against the run's PostgreSQL on a schema of its own
 * ({@link SegmentBalancer#createSchema()}). How segments move between two running instances is the
 * shared scenario suite's (AxonScenarios, on Tally's balancer and on stock Axon).
 */
class SegmentBalancerTest {

    private static TestDatabase database;

    @BeforeAll
    static void schema() {
        database = TestDatabase.freshSchema("axon_segments_test");
        balancer("schema").createSchema();
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    /**
     * An instance that stops gracefully is no longer counted by the others at once, so they do not
     * release segments to it for the twelve seconds its last heartbeat would otherwise stay fresh.
     */
    @Test
    void aStoppingInstanceIsNoLongerCountedAlive() {
        String instance = "stopping-" + UUID.randomUUID();
        SegmentBalancer balancer = balancer(instance);
        assertThat(balancer.heartbeat()).isPositive();
        assertThat(seen(instance)).as("counted while it runs").isEqualTo(1);

        balancer.leave();
        assertThat(balancer.heartbeat()).isZero();
        assertThat(seen(instance))
                .as("gone once it stops, and a late heartbeat does not bring it back")
                .isZero();
    }

    @Test
    void everyInstanceSeenWithinTheLastSecondsIsCounted() {
        SegmentBalancer first = balancer("first-" + UUID.randomUUID());
        SegmentBalancer second = balancer("second-" + UUID.randomUUID());
        first.heartbeat();
        assertThat(second.heartbeat()).as("both alive").isGreaterThanOrEqualTo(2);
        database.jdbc()
                .update("UPDATE " + database.schema() + ".service_instance SET seen_at = now() - interval '1 minute'");
        assertThat(first.heartbeat())
                .as("the other one's heartbeat is stale: only this one")
                .isEqualTo(1);
        first.leave();
        second.leave();
    }

    /** A balancer of this schema; its processors are not asked for by heartbeats. */
    private static SegmentBalancer balancer(String instance) {
        return new SegmentBalancer(new EventProcessingModule(), database.dataSource(), database.schema(), instance);
    }

    private static long seen(String instance) {
        return database.jdbc()
                .queryForObject(
                        "SELECT count(*) FROM " + database.schema() + ".service_instance WHERE instance_id = ?",
                        Long.class,
                        instance);
    }
}
