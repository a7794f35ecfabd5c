package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A missing audit key is never a silent skip: no seal signing key, no command-side; no export
 * signing key, no query-side; no seal public key, no "verified".
 */
class FailClosedEndToEndTest {

    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    @Test
    void commandSideWithoutASealSigningKeyDoesNotStart() throws Exception {
        Process process = system.launch(
                "no-seal-key-command-side",
                "command-side",
                RunningSystem.freePort(),
                Map.of("TALLY_SEAL_PRIVATE_KEY", "file:/nonexistent/seal-private.pem"));
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS))
                    .as("command-side exits")
                    .isTrue();
            assertThat(process.exitValue()).isNotZero();
            assertThat(Files.readString(RunningSystem.logOf("no-seal-key-command-side")))
                    .contains("no seal signing key at tally.audit.seal-private-key");
        } finally {
            system.killProcess("no-seal-key-command-side");
        }
    }

    @Test
    void querySideWithoutAnExportSigningKeyDoesNotStart() throws Exception {
        Process process = system.launch(
                "no-export-key-query-side",
                "query-side",
                RunningSystem.freePort(),
                Map.of(
                        "TALLY_EXPORT_PRIVATE_KEY",
                        "file:/nonexistent/export-private.pem",
                        "TALLY_QUERY_SCHEMA",
                        "tally_query_no_export_key",
                        "TALLY_ES_INDEX_PREFIX",
                        "no-export-key-"));
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS))
                    .as("query-side exits")
                    .isTrue();
            assertThat(process.exitValue()).isNotZero();
            assertThat(Files.readString(RunningSystem.logOf("no-export-key-query-side")))
                    .contains("no export signing key at tally.audit.export-private-key");
        } finally {
            system.killProcess("no-export-key-query-side");
        }
    }

    @Test
    void withoutTheSealPublicKeyTheLogIsNotReportedVerified() throws Exception {
        int port = system.startWith(
                "no-seal-key-query-side",
                "query-side",
                Map.of(
                        "TALLY_SEAL_PUBLIC_KEY",
                        "file:/nonexistent/seal-public.pem",
                        "TALLY_QUERY_SCHEMA",
                        "tally_query_no_seal_key",
                        "TALLY_ES_INDEX_PREFIX",
                        "no-seal-key-"));
        try {
            HttpResponse<String> verify = system.send("GET", port, "/api/audit/verify", system.token("AUDITOR"), null);
            assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
            JsonNode result = RunningSystem.JSON.readTree(verify.body());
            assertThat(result.get("verified").asBoolean()).as(verify.body()).isFalse();
            assertThat(result.get("firstBrokenAt").get("reason").asString()).isEqualTo("seal-public-key-missing");

            HttpResponse<String> withKey = system.query("/api/audit/verify", "AUDITOR");
            assertThat(RunningSystem.JSON
                            .readTree(withKey.body())
                            .get("verified")
                            .asBoolean())
                    .as("the same log verifies with the key: " + withKey.body())
                    .isTrue();
        } finally {
            system.stopProcess("no-seal-key-query-side");
        }
    }
}
