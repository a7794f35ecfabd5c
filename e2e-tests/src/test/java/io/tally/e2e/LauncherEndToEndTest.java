package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tally} as a user meets it: {@code --help} on every command, usage errors exit 2,
 * {@code status} exits non-zero when something is down, and after {@code kill -9} of one service
 * {@code up --detach} brings back what stopped and leaves what runs alone. The launcher runs
 * against the test run's stores, gateway and keys (so nothing it starts disturbs the other tests'
 * seals), in a state directory of its own, without building.
 */
class LauncherEndToEndTest {

    private static final Path LAUNCHER = Path.of("..", "tally").toAbsolutePath().normalize();
    private static RunningSystem system;

    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    private record Run(int exit, String out) {}

    private static Map<String, String> environment() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("TALLY_HOME", home.toString());
        env.put("TALLY_SKIP_BUILD", "true");
        env.put("TALLY_COMMAND_PORT", String.valueOf(RunningSystem.freePort()));
        env.put("TALLY_QUERY_PORT", String.valueOf(RunningSystem.freePort()));
        env.put("TALLY_DB_URL", system.stores.jdbcUrl());
        env.put("TALLY_ES_URL", system.stores.elasticsearchUrl());
        env.put("TALLY_GATEWAY_URL", system.stores.gatewayUrl());
        env.put("TALLY_GATEWAY_API_KEY", io.tally.dev.TestStores.GATEWAY_API_KEY);
        env.put("TALLY_JWT_PUBLIC_KEY", "file:" + system.stores.publicKeyFile());
        env.put("TALLY_SEAL_PRIVATE_KEY", "file:" + system.stores.tokens().sealKeyFiles()[0]);
        env.put("TALLY_SEAL_PUBLIC_KEY", "file:" + system.stores.tokens().sealKeyFiles()[1]);
        env.put("TALLY_EXPORT_PRIVATE_KEY", "file:" + system.stores.tokens().exportKeyFiles()[0]);
        env.put("TALLY_PII_KEK", "file:" + system.stores.tokens().keyEncryptionKeyFile());
        env.put("TALLY_SEAL_WITNESS", system.stores.sealWitnessFile().toString());
        env.put("TALLY_SERVICE_HEAP", "384m");
        // its own read models, so its query-side neither takes segments from the run's nor is counted by it
        env.put("TALLY_QUERY_SCHEMA", "tally_query_launcher");
        env.put("TALLY_ES_INDEX_PREFIX", "launcher-");
        return env;
    }

    private static final Map<String, String> ENV = new HashMap<>();

    private static Run tally(String... args) throws Exception {
        if (ENV.isEmpty()) {
            ENV.putAll(environment());
        }
        ProcessBuilder builder = new ProcessBuilder(concat(LAUNCHER.toString(), args)).redirectErrorStream(true);
        builder.environment().putAll(ENV);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out);
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }

    @Test
    void everyCommandHasHelpAndAUsageErrorExitsTwo() throws Exception {
        for (String command : List.of("up", "down", "status", "token", "test", "replay", "audit", "bench", "check")) {
            Run help = tally(command, "--help");
            assertThat(help.exit()).as(command + " --help: " + help.out()).isZero();
            assertThat(help.out()).as(command).contains("usage: ./tally").contains("  " + command);
        }
        Run replayHelp = tally("replay", "--help");
        assertThat(replayHelp.out()).as("replay --help starts no replay").doesNotContain("Replaying", "replay of");
        assertThat(tally("up", "--bogus").exit()).isEqualTo(2);
        assertThat(tally("no-such-command").exit()).isEqualTo(2);
        assertThat(tally("token", "ROOT").exit()).isEqualTo(2);
        assertThat(tally("replay", "no-such-projection").exit()).isEqualTo(2);
        assertThat(tally("bench", "many").exit()).isEqualTo(2);
        assertThat(tally().exit()).isEqualTo(2);
    }

    @Test
    void afterKillMinusNineUpBringsBackWhatStoppedAndStatusSaysWhenSomethingIsDown() throws Exception {
        try {
            Run down = tally("status");
            assertThat(down.exit()).as(down.out()).isEqualTo(3);

            Run up = tally("up", "--detach");
            assertThat(up.exit()).as(up.out()).isZero();
            Run status = tally("status");
            assertThat(status.exit()).as(status.out()).isZero();
            assertThat(status.out()).contains("command-side: running", "query-side: running", "health 200");

            long query = pid("query-side");
            ProcessHandle.of(pid("command-side")).orElseThrow().destroyForcibly();
            awaitGone("command-side");
            Run crashed = tally("status");
            assertThat(crashed.exit()).as(crashed.out()).isEqualTo(3);
            assertThat(crashed.out()).contains("command-side: stopped");

            Run again = tally("up", "--detach");
            assertThat(again.exit()).as(again.out()).isZero();
            assertThat(again.out())
                    .contains("Starting what is not running: command-side")
                    .contains("query-side  http://localhost:" + ENV.get("TALLY_QUERY_PORT") + "  (already running)");
            assertThat(pid("query-side"))
                    .as("the running query-side was left alone")
                    .isEqualTo(query);
            assertThat(tally("status").exit()).isZero();

            Run already = tally("up", "--detach");
            assertThat(already.exit()).isZero();
            assertThat(already.out()).contains("already running");
        } finally {
            tally("down");
        }
        assertThat(tally("status").exit()).isEqualTo(3);
    }

    private static long pid(String name) throws IOException {
        return Long.parseLong(
                Files.readString(home.resolve("run").resolve(name + ".pid")).trim());
    }

    private static void awaitGone(String name) throws Exception {
        long pid = pid(name);
        for (int i = 0;
                i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                i++) {
            Thread.sleep(100);
        }
    }
}
