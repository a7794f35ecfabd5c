package io.tally.bench.peer;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The peer as its own process, started by the benchmark: {@code PEER_PORT}, and the database from
 * {@code PEER_DB_URL}, {@code PEER_DB_USER}, {@code PEER_DB_PASSWORD} (its own schema and role, so
 * its statements are counted apart), the card processor from {@code TALLY_GATEWAY_URL} and
 * {@code TALLY_GATEWAY_API_KEY} like Tally's.
 */
@SpringBootApplication(scanBasePackages = {"io.tally.bench.peer", "io.tally.domain"})
public class PeerApplication {

    public static void main(String[] args) {
        SpringApplication peer = new SpringApplication(PeerApplication.class);
        peer.setDefaultProperties(Map.ofEntries(
                Map.entry("spring.application.name", "tally-peer"),
                Map.entry("server.port", env("PEER_PORT", "8090")),
                Map.entry("spring.datasource.url", env("PEER_DB_URL", "jdbc:postgresql://127.0.0.1:15432/postgres")),
                Map.entry("spring.datasource.username", env("PEER_DB_USER", "tally_peer")),
                Map.entry("spring.datasource.password", env("PEER_DB_PASSWORD", "")),
                Map.entry("spring.datasource.hikari.schema", PeerConfiguration.SCHEMA),
                Map.entry("spring.datasource.hikari.maximum-pool-size", "20"),
                Map.entry("axon.axonserver.enabled", "false"),
                // readable JSON like Tally's events; XStream, Axon 4's default, is not on the classpath
                Map.entry("axon.serializer.general", "jackson3"),
                Map.entry("axon.serializer.events", "jackson3"),
                Map.entry("axon.serializer.messages", "jackson3"),
                // Tally turns these off too (15 % of its command side's CPU); the peer is not to lose by a setting
                Map.entry("axon.timeout.enabled", "false"),
                Map.entry("peer.gateway.url", env("TALLY_GATEWAY_URL", "http://127.0.0.1:18090")),
                Map.entry("peer.gateway.api-key", env("TALLY_GATEWAY_API_KEY", "sk_test_tally"))));
        peer.run(args);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
