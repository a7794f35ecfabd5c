package io.tally.dev;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the stores until stopped: {@code StoresMain HOME PG_PORT|off ES_PORT|off ES_HEAP_MB}, a port
 * of 0 meaning any free one. Once they are healthy it writes {@code HOME/stores.env} (shell
 * variable assignments) for ./tally to read, and removes it again on shutdown.
 */
public final class StoresMain {

    private StoresMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: StoresMain HOME PG_PORT ES_PORT ES_HEAP_MB");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Path envFile = home.resolve("stores.env");
        Files.deleteIfExists(envFile);
        Stores stores = Stores.start(home, port(args[1]), port(args[2]), Integer.parseInt(args[3]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(envFile);
                stores.close();
            } catch (Exception e) {
                System.err.println("stopping the stores failed: " + e);
            } finally {
                stopped.countDown();
            }
        }));
        StringBuilder env = new StringBuilder();
        if (stores.runsPostgres()) {
            env.append("TALLY_DB_URL='jdbc:postgresql://127.0.0.1:")
                    .append(stores.postgresPort())
                    .append("/postgres'\n");
            // where each role's generated password is (a file each, 0600): ./tally hands each service only its own
            env.append("TALLY_DB_SECRETS='")
                    .append(Stores.passwordsOf(home).dir())
                    .append("'\n");
            System.out.println("PostgreSQL 15 on port " + stores.postgresPort());
        }
        if (stores.runsElasticsearch()) {
            env.append("TALLY_ES_URL='").append(stores.elasticsearchUrl()).append("'\n");
            env.append("TALLY_STORES_CONTROL='").append(control(stores)).append("'\n");
            System.out.println("Elasticsearch 8.19 at " + stores.elasticsearchUrl());
        }
        Path partial = home.resolve("stores.env.tmp");
        Files.deleteIfExists(partial);
        // 0600: it holds the control endpoint's token
        Files.createFile(
                partial,
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(partial, env.toString());
        Files.move(partial, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        // a store that dies by itself (killed, crashed) comes back, as under a service manager
        Thread watchdog = new Thread(
                () -> {
                    while (stopped.getCount() > 0) {
                        try {
                            Thread.sleep(2000);
                            String healed = stores.heal();
                            if (healed != null) {
                                System.out.println(java.time.Instant.now() + " " + healed);
                            }
                        } catch (InterruptedException e) {
                            return;
                        } catch (IOException | RuntimeException e) {
                            System.err.println(
                                    java.time.Instant.now() + " restarting a store failed, trying again: " + e);
                        }
                    }
                },
                "stores-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        stopped.await();
    }

    /**
     * A control endpoint on localhost for fault tests: {@code POST <token>/elasticsearch/stop|start}
     * and {@code POST <token>/postgres/stop|start}; a start answers once the store is up again. The
     * token is random and only in the 0600 {@code stores.env}: another local user cannot stop a store
     * (issue 34, point 7). The URL handed out includes it.
     */
    private static String control(Stores stores) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] random = new byte[16];
        new java.security.SecureRandom().nextBytes(random);
        String token = java.util.HexFormat.of().formatHex(random);
        HttpHandler handler = exchange -> {
            int status = 404;
            try {
                String path = exchange.getRequestURI().getPath();
                boolean authorised = path.length() > token.length() + 1
                        && java.security.MessageDigest.isEqual(
                                path.substring(1, token.length() + 1)
                                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                                token.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                if (!authorised) {
                    status = 403;
                } else if ("POST".equals(exchange.getRequestMethod())) {
                    switch (path.substring(token.length() + 1)) {
                        case "/elasticsearch/stop" -> {
                            stores.stopElasticsearch();
                            status = 204;
                        }
                        case "/elasticsearch/start" -> {
                            stores.startElasticsearch();
                            status = 204;
                        }
                        case "/postgres/stop" -> {
                            stores.stopPostgres();
                            status = 204;
                        }
                        case "/postgres/start" -> {
                            stores.startPostgres();
                            status = 204;
                        }
                        default -> status = 404;
                    }
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("store control failed: " + e);
                status = 500;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        };
        server.createContext("/", handler);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + token;
    }

    private static Integer port(String arg) {
        return "off".equals(arg) ? null : Integer.valueOf(arg);
    }
}
