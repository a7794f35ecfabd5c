package io.tally.tools.chaos;

import io.tally.dev.Liveness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Does what a {@link Schedule.Fault} says to the processes {@code ./tally up} started: signals by pid,
 * the stores' control endpoint, {@code pg_terminate_backend}, the card processor's {@code /_sim/faults},
 * and {@code ./tally up --detach} to bring back what was killed (one at a time: the launcher is not
 * meant to run twice at once).
 */
final class Injector {

    private final Path root;
    private final Path state;
    private final String control;
    private final String jdbcUrl;
    private final String superuserPassword;
    private final String gatewayUrl;
    private final String gatewayKey;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ReentrantLock launcher = new ReentrantLock();
    private final Path log;

    Injector(
            Path root,
            Path state,
            String control,
            String jdbcUrl,
            String superuserPassword,
            String gatewayUrl,
            String gatewayKey)
            throws IOException {
        this.root = root;
        this.state = state;
        this.control = control;
        this.jdbcUrl = jdbcUrl;
        this.superuserPassword = superuserPassword;
        this.gatewayUrl = gatewayUrl;
        this.gatewayKey = gatewayKey;
        this.log = state.resolve("logs").resolve("chaos-launcher.log");
        Files.createDirectories(log.getParent());
    }

    /** Injects the fault, holds it, undoes it; answers what happened, for the report. */
    String inject(Schedule.Fault fault) throws Exception {
        switch (fault.kind()) {
            case "kill" -> {
                long pid = servicePid(fault.target());
                signal("KILL", List.of(pid));
                Thread.sleep(fault.holdMillis());
                int exit = up();
                return "SIGKILL pid " + pid + "; ./tally up --detach exit " + exit;
            }
            case "pause" -> {
                long pid = servicePid(fault.target());
                signal("STOP", List.of(pid));
                try {
                    Thread.sleep(fault.holdMillis());
                } finally {
                    signal("CONT", List.of(pid));
                }
                return "SIGSTOP/SIGCONT pid " + pid;
            }
            case "store-stop" -> {
                post(control + "/" + fault.target() + "/stop");
                Thread.sleep(fault.holdMillis());
                post(control + "/" + fault.target() + "/start");
                return "stopped and started through the stores' control";
            }
            case "store-kill" -> {
                List<Long> pids = storePids(fault.target(), false);
                signal("KILL", pids);
                return "SIGKILL " + pids + " (the stores' watchdog restarts it)";
            }
            case "store-pause" -> {
                List<Long> pids = storePids(fault.target(), true);
                signal("STOP", pids);
                try {
                    Thread.sleep(fault.holdMillis());
                } finally {
                    signal("CONT", pids);
                }
                return "SIGSTOP/SIGCONT " + pids.size() + " processes";
            }
            case "connection-cut" -> {
                return "pg_terminate_backend of " + terminateConnections() + " connections";
            }
            case "gateway-fault" -> {
                String[] parts = fault.detail().split(":");
                String body =
                        "{\"operation\":\"" + parts[0] + "\",\"mode\":\"" + parts[1] + "\",\"count\":" + parts[2] + "}";
                HttpResponse<String> armed = http.send(
                        HttpRequest.newBuilder(URI.create(gatewayUrl + "/_sim/faults"))
                                .header("Authorization", "Bearer " + gatewayKey)
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(5))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                return "armed " + fault.detail() + ": " + armed.statusCode();
            }
            default -> throw new IllegalArgumentException(fault.kind());
        }
    }

    /** {@code ./tally up --detach}, one at a time; its exit code. */
    int up() throws IOException, InterruptedException {
        launcher.lock();
        try {
            Process process = new ProcessBuilder(root.resolve("tally").toString(), "up", "--detach")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } finally {
            launcher.unlock();
        }
    }

    /** {@code ./tally status}'s exit code and what it printed. */
    String status() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(root.resolve("tally").toString(), "status")
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(1, TimeUnit.MINUTES);
        return process.exitValue() + "\n" + out;
    }

    /** Continues every process this campaign may have paused (a run cut short leaves none stopped). */
    void continueAll() {
        List<Long> pids = new ArrayList<>();
        for (String name : List.of("command-side", "query-side", "gateway")) {
            try {
                pids.add(servicePid(name));
            } catch (IOException e) {
                // not running
            }
        }
        for (String store : List.of("postgres", "elasticsearch")) {
            try {
                pids.addAll(storePids(store, true));
            } catch (IOException e) {
                // not running
            }
        }
        try {
            signal("CONT", pids);
        } catch (Exception e) {
            System.err.println("SIGCONT failed: " + e);
        }
    }

    private long servicePid(String name) throws IOException {
        return Long.parseLong(
                Files.readString(state.resolve("run").resolve(name + ".pid")).trim());
    }

    /** The postmaster (and, to pause it, its backends), or Elasticsearch's server JVM. */
    private List<Long> storePids(String store, boolean withChildren) throws IOException {
        List<Long> pids = new ArrayList<>();
        if (store.equals("postgres")) {
            long postmaster = Long.parseLong(Files.readAllLines(state.resolve("stores/postgres/postmaster.pid"))
                    .get(0)
                    .trim());
            pids.add(postmaster);
            if (withChildren) {
                ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
            }
        } else {
            String home = state.resolve("stores").toAbsolutePath().toString();
            ProcessHandle.allProcesses()
                    .filter(p -> Liveness.runs(p.pid()))
                    .filter(p -> {
                        Optional<String> line = p.info().commandLine();
                        return line.isPresent()
                                && line.get().contains("org.elasticsearch.bootstrap.Elasticsearch")
                                && cmdline(p.pid()).contains(home);
                    })
                    .forEach(p -> pids.add(p.pid()));
        }
        if (pids.isEmpty()) {
            throw new IOException("no " + store + " process found");
        }
        return pids;
    }

    private static String cmdline(long pid) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    + new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                            StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
    }

    private void post(String url) throws IOException, InterruptedException {
        HttpResponse<Void> answer = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofMinutes(4))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() / 100 != 2) {
            throw new IOException(url.replaceAll("/[0-9a-f]{32}", "/<token>") + ": " + answer.statusCode());
        }
    }

    private int terminateConnections() throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", superuserPassword);
                Statement sql = db.createStatement();
                ResultSet cut = sql.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                        + " FROM pg_stat_activity WHERE usename IN ('tally_command', 'tally_query', 'tally_sealer')")) {
            cut.next();
            return cut.getInt(1);
        }
    }
}
