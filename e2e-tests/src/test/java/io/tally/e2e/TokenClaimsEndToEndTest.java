package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.dev.Tokens;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A token signed with the right key is not enough: its issuer and its audience are checked (the
 * dev issuer's tokens too are refused by services configured as compose configures them), and
 * without an issuer a service started outside dev mode does not start at all (no silent fallback
 * to the key under .tally/keys). The dev issuer is checked in dev mode too (OidcTokensTest).
 */
class TokenClaimsEndToEndTest {

    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    private static String token(String issuer, String audience, String role) {
        return system.stores
                .tokens()
                .mint(
                        issuer,
                        audience,
                        "e2e-claims",
                        List.of(role),
                        Instant.now(),
                        Instant.now().plus(Duration.ofMinutes(5)));
    }

    @Test
    void theRightKeyWithAnotherIssuerOrAudienceIsRefusedOnBothServices() throws Exception {
        for (int port : new int[] {system.commandPort, system.queryPort}) {
            String path = port == system.commandPort ? "/api/inventory/NO-SUCH-SKU-CLAIMS" : "/api/orders?size=1";
            HttpResponse<String> right = system.send(
                    "GET",
                    port,
                    path,
                    token(RunningSystem.ISSUER, Tokens.AUDIENCE, port == system.commandPort ? "APP" : "ANALYST"),
                    null);
            assertThat(right.statusCode()).as(right.body()).isNotEqualTo(401);
            for (String[] claims : new String[][] {
                {"https://evil.example/realms/tally", Tokens.AUDIENCE},
                {null, Tokens.AUDIENCE},
                {Tokens.ISSUER, Tokens.AUDIENCE},
                {RunningSystem.ISSUER, "account"},
                {RunningSystem.ISSUER, null}
            }) {
                HttpResponse<String> refused = system.send("GET", port, path, token(claims[0], claims[1], "OPS"), null);
                assertThat(refused.statusCode())
                        .as("iss %s aud %s on %d: %s", claims[0], claims[1], port, refused.body())
                        .isEqualTo(401);
                assertThat(refused.headers().firstValue("Content-Type").orElse(""))
                        .contains("application/problem+json");
            }
        }
    }

    /** Issue 34, point 10: the right key, issuer and audience, but no subject, no expiry, or a week's life. */
    @Test
    void aTokenWithoutSubjectOrExpiryOrLivingTooLongIsRefused() throws Exception {
        io.tally.dev.Tokens tokens = system.stores.tokens();
        Map<String, String> refused = Map.of(
                "no sub",
                        tokens.mint(
                                RunningSystem.ISSUER,
                                Tokens.AUDIENCE,
                                null,
                                List.of("OPS"),
                                Instant.now(),
                                Instant.now().plus(Duration.ofMinutes(5))),
                "no exp",
                        tokens.mint(
                                RunningSystem.ISSUER,
                                Tokens.AUDIENCE,
                                "e2e-claims",
                                List.of("OPS"),
                                Instant.now(),
                                null),
                "no iat",
                        tokens.mint(
                                RunningSystem.ISSUER,
                                Tokens.AUDIENCE,
                                "e2e-claims",
                                List.of("OPS"),
                                null,
                                Instant.now().plus(Duration.ofMinutes(5))),
                "a week",
                        tokens.mint(
                                RunningSystem.ISSUER,
                                Tokens.AUDIENCE,
                                "e2e-claims",
                                List.of("OPS"),
                                Instant.now(),
                                Instant.now().plus(Duration.ofDays(7))));
        for (int port : new int[] {system.commandPort, system.queryPort}) {
            String path = port == system.commandPort ? "/api/inventory/NO-SUCH-SKU-CLAIMS" : "/api/orders?size=1";
            for (Map.Entry<String, String> token : refused.entrySet()) {
                HttpResponse<String> answer = system.send("GET", port, path, token.getValue(), null);
                assertThat(answer.statusCode())
                        .as(token.getKey() + " on " + port + ": " + answer.body())
                        .isEqualTo(401);
            }
        }
    }

    @Test
    void outsideDevModeAServiceWithoutAnIssuerDoesNotStart() throws Exception {
        Process process = system.launch(
                "no-issuer-command-side",
                "command-side",
                RunningSystem.freePort(),
                Map.of("TALLY_DEV_MODE", "false", "TALLY_JWT_ISSUER_URI", ""));
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS))
                    .as("command-side exits")
                    .isTrue();
            assertThat(process.exitValue()).isNotZero();
            assertThat(Files.readString(RunningSystem.logOf("no-issuer-command-side")))
                    .contains("no token issuer configured: set TALLY_JWT_ISSUER_URI");
        } finally {
            system.killProcess("no-issuer-command-side");
        }
    }
}
