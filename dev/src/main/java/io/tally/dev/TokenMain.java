package io.tally.dev;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code TokenMain KEY_DIR ROLE [SUBJECT]}: prints a 12-hour bearer token as its last line. */
public final class TokenMain {

    private static final Set<String> ROLES = Set.of("APP", "ANALYST", "AUDITOR", "OPS");

    private TokenMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3 || !ROLES.contains(args[1].toUpperCase(Locale.ROOT))) {
            System.err.println("usage: tally token APP|ANALYST|AUDITOR|OPS [SUBJECT]");
            System.exit(2);
        }
        String role = args[1].toUpperCase(Locale.ROOT);
        String subject = args.length == 3 ? args[2] : role.toLowerCase(Locale.ROOT) + "-user";
        Tokens tokens = Tokens.loadOrCreate(Path.of(args[0]));
        System.out.println(tokens.mint(subject, List.of(role), Duration.ofHours(12)));
    }
}
