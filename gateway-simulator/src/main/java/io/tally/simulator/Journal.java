package io.tally.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulator's state on disk: one JSON line for each intent change, money movement and saved
 * idempotent answer, appended and flushed as it happens and replayed on start, so a restarted
 * simulator remembers what it charged. Without a file it keeps nothing. Not thread-safe: guarded by
 * the simulator's lock.
 */
final class Journal {

    private final Path file;
    private Writer writer;

    /** {@code file} may be null: memory only. */
    Journal(Path file) {
        this.file = file;
    }

    void intent(ObjectNode intent) {
        append(Json.object().put("t", "intent").set("intent", intent));
    }

    void movement(ObjectNode movement) {
        append(Json.object().put("t", "movement").set("movement", movement));
    }

    void saved(String key, IdempotencyKeys.Saved answer) {
        append(Json.object()
                .put("t", "idem")
                .put("key", key)
                .put("fingerprint", answer.fingerprint())
                .put("status", answer.status())
                .put("body", answer.body()));
    }

    /** Puts what the file holds back into the processor and the keys. */
    void replay(CardProcessor processor, IdempotencyKeys keys) throws IOException {
        if (file == null || !Files.exists(file)) {
            return;
        }
        // line by line: a journal of a long benchmark day is tens of megabytes
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text = lines.readLine(); text != null; text = lines.readLine()) {
                JsonNode line;
                try {
                    line = Json.MAPPER.readTree(text);
                } catch (RuntimeException torn) {
                    continue; // a torn last line of a killed simulator
                }
                switch (line.path("t").asString("")) {
                    case "intent" -> processor.restore((ObjectNode) line.get("intent"));
                    case "movement" -> processor.restoreMovement((ObjectNode) line.get("movement"));
                    case "idem" ->
                        keys.save(
                                line.get("key").asString(),
                                new IdempotencyKeys.Saved(
                                        line.get("fingerprint").asString(),
                                        line.get("status").asInt(),
                                        line.get("body").asString()));
                    default -> {
                        // an unknown line: skipped
                    }
                }
            }
        }
    }

    void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void append(ObjectNode line) {
        if (file == null) {
            return;
        }
        try {
            if (writer == null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                writer = Files.newBufferedWriter(
                        file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            writer.write(Json.MAPPER.writeValueAsString(line));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the simulator's journal " + file, e);
        }
    }
}
