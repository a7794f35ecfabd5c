package io.tally.tools.audit;

import io.tally.dev.Tokens;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./tally audit export [--from T] [--to T]} streams the query side's
 * {@code GET /api/audit/export} to standard output (as user {@code auditor-cli}, role AUDITOR);
 * {@code ./tally audit verify FILE --public-key K} checks an export offline and exits 0 only when
 * everything in it verifies.
 */
public final class AuditMain {

    private AuditMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("export")) {
            System.exit(export(args));
        }
        if (args.length >= 1 && args[0].equals("verify")) {
            System.exit(verify(args));
        }
        System.err.println("usage: ./tally audit export [--from TIME] [--to TIME] > FILE\n"
                + "       ./tally audit verify FILE --public-key PEM [--export-key PEM] [--anchor N:HASH | --witness FILE]"
                + " [--allow-unsealed]");
        System.exit(2);
    }

    private static int export(String[] args) throws Exception {
        StringBuilder query = new StringBuilder();
        for (int i = 1; i < args.length; i++) {
            if ((args[i].equals("--from") || args[i].equals("--to")) && i + 1 < args.length) {
                query.append(query.isEmpty() ? "?" : "&")
                        .append(args[i].substring(2))
                        .append('=')
                        .append(URLEncoder.encode(args[++i], StandardCharsets.UTF_8));
            } else {
                System.err.println("tally audit export: unknown argument " + args[i]);
                return 2;
            }
        }
        String token = Tokens.loadOrCreate(Path.of(System.getenv("TALLY_KEYS_DIR")))
                .mint("auditor-cli", List.of("AUDITOR"), Duration.ofHours(1));
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + System.getenv("TALLY_QUERY_PORT")
                                        + "/api/audit/export" + query))
                                .header("Authorization", "Bearer " + token)
                                .header("Accept", "application/x-ndjson")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                System.err.println("tally audit export: " + response.statusCode() + " "
                        + new String(body.readAllBytes(), StandardCharsets.UTF_8));
                return 1;
            }
            OutputStream out = System.out;
            body.transferTo(out);
            out.flush();
        }
        return 0;
    }

    private static int verify(String[] args) throws Exception {
        String usage = "usage: ./tally audit verify FILE --public-key PEM [--export-key PEM]"
                + " [--anchor N:HASH | --witness FILE] [--allow-unsealed]";
        if (args.length < 2 || args[1].startsWith("--")) {
            System.err.println(usage);
            return 2;
        }
        Path sealKey = null;
        Path exportKey = null;
        ExportVerifier.Anchor anchor = null;
        Path witness = null;
        boolean allowUnsealed = false;
        try {
            for (int i = 2; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--allow-unsealed")) {
                    allowUnsealed = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(usage);
                }
                String value = args[++i];
                switch (option) {
                    case "--public-key" -> sealKey = Path.of(value);
                    case "--export-key" -> exportKey = Path.of(value);
                    case "--anchor" -> anchor = ExportVerifier.Anchor.parse(value);
                    case "--witness" -> witness = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + option + "\n" + usage);
                }
            }
            if (sealKey == null) {
                throw new IllegalArgumentException(usage);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("tally audit verify: " + e.getMessage());
            return 2;
        }
        if (exportKey == null) {
            // the embedded default keeps both public keys side by side
            Path beside = sealKey.toAbsolutePath().resolveSibling("export-public.pem");
            exportKey = Files.exists(beside) ? beside : null;
        }
        long started = System.nanoTime();
        ExportVerifier.Result result;
        java.security.PublicKey sealPublic = ExportVerifier.publicKey(sealKey);
        java.security.PublicKey exportPublic = exportKey == null ? null : ExportVerifier.publicKey(exportKey);
        ExportVerifier.Options options;
        if (witness != null) {
            try {
                options = ExportVerifier.Options.withWitness(sealPublic, exportPublic, witness, allowUnsealed);
            } catch (java.io.IOException unreadable) {
                // a witness named but gone or unreadable vouches for nothing: never verified without it
                System.out.println("NOT VERIFIED: witness-unavailable: " + witness + " (" + unreadable + ")");
                return 1;
            }
            anchor = options.anchor();
        } else {
            options = new ExportVerifier.Options(sealPublic, exportPublic, anchor, allowUnsealed);
        }
        try (BufferedReader export = Files.newBufferedReader(Path.of(args[1]), StandardCharsets.UTF_8)) {
            result = ExportVerifier.verify(export, options);
        }
        if (anchor != null) {
            System.out.println("anchor: seal " + anchor.number() + " " + anchor.hash());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        for (ExportVerifier.Problem problem : result.problems()) {
            System.out.println(problem);
        }
        System.out.printf(
                "%s: %s, %d events, %d seals (%d checked against their events, %d partly outside the export),"
                        + " %d events after the last seal, trailer %s, %d events covered by no seal or trailer%s;"
                        + " %.0f events/s%n",
                result.verified() ? "VERIFIED" : "NOT VERIFIED",
                result.format(),
                result.events(),
                result.seals(),
                result.sealsChecked(),
                result.sealsPartial(),
                result.unsealed(),
                result.trailer().name().toLowerCase(java.util.Locale.ROOT),
                result.uncovered(),
                result.uncovered() > 0 && result.verified() ? " (allowed by --allow-unsealed)" : "",
                seconds > 0 ? result.events() / seconds : 0.0);
        return result.verified() ? 0 : 1;
    }
}
