package io.tally.dev;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs both stores until stopped: {@code StoresMain HOME PG_PORT ES_PORT ES_HEAP_MB}. Once both
 * are healthy it writes {@code HOME/stores.env} (shell variable assignments) for ./tally to read,
 * and removes it again on shutdown.
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
        Stores stores = Stores.start(home, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]));
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
        Path partial = home.resolve("stores.env.tmp");
        Files.writeString(partial, String.join("\n",
                "TALLY_DB_URL='jdbc:postgresql://127.0.0.1:" + stores.postgresPort() + "/postgres'",
                "TALLY_DB_USER='postgres'",
                "TALLY_DB_PASSWORD=''",
                "TALLY_ES_URL='" + stores.elasticsearchUrl() + "'",
                ""));
        Files.move(partial, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("PostgreSQL on port " + stores.postgresPort() + ", Elasticsearch at "
                + stores.elasticsearchUrl());
        stopped.await();
    }
}
