package io.tally.dev;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the stores until stopped: {@code StoresMain HOME PG_PORT|off ES_PORT|off ES_HEAP_MB}, a port
 * of 0 meaning any free one. Once they are healthy it writes {@code HOME/stores.env} (shell
 * variable assignments) for ./tally to read, and removes it again on shutdown.
 */
public final class StoresMain {

    private StoresMain() {
    }

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
            env.append("TALLY_DB_URL='jdbc:postgresql://127.0.0.1:").append(stores.postgresPort())
               .append("/postgres'\nTALLY_DB_USER='postgres'\nTALLY_DB_PASSWORD=''\n");
            System.out.println("PostgreSQL 15 on port " + stores.postgresPort());
        }
        if (stores.runsElasticsearch()) {
            env.append("TALLY_ES_URL='").append(stores.elasticsearchUrl()).append("'\n");
            System.out.println("Elasticsearch 8.19 at " + stores.elasticsearchUrl());
        }
        Path partial = home.resolve("stores.env.tmp");
        Files.writeString(partial, env.toString());
        Files.move(partial, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        stopped.await();
    }

    private static Integer port(String arg) {
        return "off".equals(arg) ? null : Integer.valueOf(arg);
    }
}
