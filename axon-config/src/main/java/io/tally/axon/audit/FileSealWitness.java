package io.tally.axon.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The default witness: one line per seal, {@code <number> <sealHash> <sealedAt>}, appended and
 * forced to disk before the seal run ends. Keep the file (or a copy shipped elsewhere, or its last
 * line) where the database's administrators cannot write; a line that does not parse is skipped.
 */
public final class FileSealWitness implements SealWitness {

    private final Path file;

    public FileSealWitness(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void witness(Seals.Seal seal) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((seal.number() + " " + seal.sealHash() + " " + seal.sealedAt() + "\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing seal " + seal.number() + " to the witness " + file, e);
        }
    }

    @Override
    public Optional<Anchor> newest() {
        return read(file);
    }

    /** The newest anchor a witness file holds. */
    public static Optional<Anchor> read(Path file) {
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            Anchor newest = null;
            for (String line : lines) {
                String[] fields = line.trim().split(" ");
                if (fields.length < 2) {
                    continue;
                }
                try {
                    Anchor anchor = Anchor.parse(fields[0] + ":" + fields[1]);
                    if (newest == null || anchor.number() > newest.number()) {
                        newest = anchor;
                    }
                } catch (IllegalArgumentException unreadable) {
                    // a torn last line after a crash: the line before it stands
                }
            }
            return Optional.ofNullable(newest);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the seal witness " + file, e);
        }
    }
}
