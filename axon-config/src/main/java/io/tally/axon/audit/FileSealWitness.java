package io.tally.axon.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The default witness: one line per seal, {@code <number> <sealHash> <sealedAt>}, appended and
 * forced to disk before the seal run ends. Keep the file (or a copy shipped elsewhere, or its last
 * line) where the database's administrators cannot write; a line that does not parse is skipped. Every line is
 * checked against the database's seals ({@link SealWitness#check}), not only the newest.
 */
public final class FileSealWitness implements SealWitness {

    private final Path file;

    public FileSealWitness(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void witness(Seal seal) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((seal.number() + " " + seal.sealHash() + " " + seal.sealedAt() + "\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing seal " + seal.number() + " to the witness " + file, e);
        }
    }

    @Override
    public Witnessed read() {
        return read(file);
    }

    /** Every line a witness file holds; one that exists but cannot be read is not available. */
    public static Witnessed read(Path file) {
        if (!Files.exists(file)) {
            return new Witnessed(true, false, List.of());
        }
        try {
            List<Anchor> anchors = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] fields = line.trim().split(" ");
                if (fields.length < 2) {
                    continue;
                }
                try {
                    anchors.add(Anchor.parse(fields[0] + ":" + fields[1]));
                } catch (IllegalArgumentException unreadable) {
                    // a torn last line after a crash: the lines before it stand
                }
            }
            return new Witnessed(true, true, List.copyOf(anchors));
        } catch (IOException | UncheckedIOException e) {
            return new Witnessed(false, true, List.of());
        }
    }
}
