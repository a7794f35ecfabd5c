package io.tally.axon.segments;

import io.tally.command.CommandSideApplication;
import io.tally.command.web.CommandSideHttpTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import javax.sql.DataSource;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * (Heartbeats only: a balance would release this context's own segments for the test instance.)
 * An instance that stops gracefully is no longer counted by the others at once, so they do not
 * release segments to it for the twelve seconds its last heartbeat would otherwise stay fresh.
 * (In command-side, whose schema holds the instances' table; the same Spring context as the other
 * HTTP tests.)
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SegmentBalancerTest extends CommandSideHttpTest {

    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private DataSource dataSource;

    @Test
    void aStoppingInstanceIsNoLongerCountedAlive() {
        String instance = "stopping-" + UUID.randomUUID();
        SegmentBalancer balancer = new SegmentBalancer(processing, dataSource, "tally_command", instance);
        assertThat(balancer.heartbeat()).isPositive();
        assertThat(seen(instance)).as("counted while it runs").isEqualTo(1);

        balancer.leave();
        assertThat(balancer.heartbeat()).isZero();
        assertThat(seen(instance)).as("gone once it stops, and a late heartbeat does not bring it back").isZero();
    }

    private long seen(String instance) {
        return jdbc.sql("SELECT count(*) FROM tally_command.service_instance WHERE instance_id = :id")
                   .param("id", instance).query(Long.class).single();
    }
}
