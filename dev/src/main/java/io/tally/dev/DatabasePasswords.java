package io.tally.dev;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The embedded PostgreSQL's passwords: one random password per role, generated on first use and
 * kept in {@code <dir>/<role>.password} (the file 0600, the directory 0700; issue 34, point 7).
 * PostgreSQL asks every connection for it ({@code scram-sha-256} in pg_hba.conf), so a process on
 * the host is no longer {@code postgres} by asking. Each service is handed only its own role's
 * password by {@code ./tally up}; the owner's goes only to the migration step.
 */
public final class DatabasePasswords {

    /** The superuser's file: what the embedded stores and {@code ./tally test} connect with. */
    public static final String SUPERUSER = "postgres";

    private final Path dir;

    public DatabasePasswords(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path fileOf(String role) {
        return dir.resolve(role + ".password");
    }

    /** The role's password, made (and written 0600) the first time it is asked for. */
    public synchronized String of(String role) throws IOException {
        if (!role.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a role name: " + role);
        }
        Path file = fileOf(role);
        if (!Files.exists(file)) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            // base64url: no quote, backslash or space, safe in SQL literals, shell variables and JDBC URLs
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, password + "\n");
            } catch (FileAlreadyExistsException raced) {
                // another process made it first: use theirs
            }
        }
        return Files.readString(file).strip();
    }

    /** The password of {@code role} in {@code dir}, or "" when that directory has none (a database not started here). */
    public static String readOrEmpty(Path dir, String role) {
        if (dir == null) {
            return "";
        }
        Path file = dir.resolve(role + ".password");
        try {
            return Files.exists(file) ? Files.readString(file).strip() : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
