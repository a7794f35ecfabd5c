package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tally.dev.DatabaseRoles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 34, point 3: both services held the event store owner's password (they migrated at start,
 * docker-compose gave it to both), so a leak from the internet-facing query side gave the role
 * that disables the append-only triggers. Played as whoever takes over a service's process: its
 * environment and command line hold no owner credentials and no other service's, and what it does
 * hold does not sign in as the owner. And in docker-compose only the one-shot migrate job (and
 * PostgreSQL's first start, which makes the roles) is given the owner's password.
 */
class OwnerCredentialsEndToEndTest {

    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    @Test
    void aServicesProcessHoldsOnlyItsOwnRolesPassword() throws Exception {
        assumeTrue(system.stores.secrets() != null, "the run's PostgreSQL was not started by Tally");
        Map<String, List<String>> own = Map.of(
                "command-side", List.of(DatabaseRoles.COMMAND, DatabaseRoles.SEALER),
                "query-side", List.of(DatabaseRoles.QUERY));
        List<String> roles = List.of(
                DatabaseRoles.OWNER, DatabaseRoles.COMMAND, DatabaseRoles.QUERY, DatabaseRoles.SEALER, "postgres");
        for (Map.Entry<String, List<String>> service : own.entrySet()) {
            long pid = system.processOf(service.getKey()).pid();
            String environment =
                    Files.readString(Path.of("/proc", String.valueOf(pid), "environ"), StandardCharsets.UTF_8);
            String commandLine =
                    Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"), StandardCharsets.UTF_8);
            assertThat(environment)
                    .as(service.getKey() + "'s environment")
                    .doesNotContain("TALLY_DB_OWNER_PASSWORD=")
                    .doesNotContain("TALLY_OWNER_DB_PASSWORD=");
            for (String role : roles) {
                String password = system.stores.password(role);
                assertThat(password).isNotEmpty();
                boolean mine = service.getValue().contains(role);
                assertThat(environment.contains(password))
                        .as(service.getKey() + " holds " + role + "'s password")
                        .isEqualTo(mine);
                assertThat(commandLine).doesNotContain(password);
            }
            // what the process holds, tried as the owner: refused
            for (String held : passwordsIn(environment)) {
                assertThatThrownBy(() -> DriverManager.getConnection(system.stores.jdbcUrl(), DatabaseRoles.OWNER, held)
                                .close())
                        .as(service.getKey() + "'s secrets sign nobody in as the owner")
                        .isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void composeGivesTheOwnersPasswordToTheMigrationJobAlone() throws Exception {
        Map<String, String> services = composeServices(Files.readString(Path.of("..", "docker-compose.yml")));
        assertThat(services).containsKeys("migrate", "command-side", "query-side", "postgres");
        List<String> holders = new ArrayList<>();
        services.forEach((name, block) -> {
            if (block.contains("TALLY_OWNER_DB_PASSWORD") || block.contains("TALLY_DB_OWNER_PASSWORD")) {
                holders.add(name);
            }
        });
        assertThat(holders).as("who is given the owner's password").containsExactlyInAnyOrder("postgres", "migrate");
        assertThat(services.get("query-side"))
                .doesNotContain("TALLY_COMMAND_DB_PASSWORD")
                .doesNotContain("TALLY_SEALER_DB_PASSWORD")
                .doesNotContain("event_mac_key")
                .doesNotContain("seal_private_key");
        assertThat(services.get("command-side"))
                .doesNotContain("TALLY_QUERY_DB_PASSWORD")
                .doesNotContain("export_private_key");
    }

    /** Every value of a variable whose name says it is a password or secret. */
    private static List<String> passwordsIn(String environment) {
        List<String> values = new ArrayList<>();
        for (String variable : environment.split("\0")) {
            int equals = variable.indexOf('=');
            if (equals > 0
                    && variable.substring(0, equals).matches(".*(PASSWORD|SECRET).*")
                    && equals < variable.length() - 1) {
                values.add(variable.substring(equals + 1));
            }
        }
        assertThat(values).as("the process holds its own role's password").isNotEmpty();
        return values;
    }

    /** The compose file's services, each with the text of its block (its lines under {@code services:}). */
    private static Map<String, String> composeServices(String compose) {
        Map<String, String> services = new LinkedHashMap<>();
        boolean inServices = false;
        String current = null;
        StringBuilder block = new StringBuilder();
        for (String line : compose.split("\n")) {
            if (line.matches("^[a-z].*:\\s*$")) {
                if (current != null) {
                    services.put(current, block.toString());
                    current = null;
                }
                inServices = line.startsWith("services:");
                continue;
            }
            if (inServices && line.matches("^  [a-z][a-z-]*:\\s*$")) {
                if (current != null) {
                    services.put(current, block.toString());
                }
                current = line.trim().replace(":", "");
                block.setLength(0);
            } else if (current != null) {
                block.append(line).append('\n');
            }
        }
        if (current != null) {
            services.put(current, block.toString());
        }
        return services;
    }
}
