package io.tally.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

/** Issue 34, point 10: a token needs a subject, an expiry and an issue time at most 24 h before it. */
class TokenValidatorTest {

    private final OAuth2TokenValidator<Jwt> validator = TokenDecoders.validator("https://issuer", List.of("tally"));

    private static Jwt.Builder token() {
        return Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .issuer("https://issuer")
                .audience(List.of("tally"));
    }

    /** The same through the decoder that reads a signed token, as the services run it. */
    @Test
    void aSignedTokenWithoutIssueTimeIsRefusedByTheDecoder() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair pair = generator.generateKeyPair();
        org.springframework.security.oauth2.jwt.NimbusJwtDecoder decoder =
                org.springframework.security.oauth2.jwt.NimbusJwtDecoder.withPublicKey(
                                (java.security.interfaces.RSAPublicKey) pair.getPublic())
                        .build();
        decoder.setJwtValidator(validator);
        decoder.setClaimSetConverter(TokenDecoders::claimsAsSent); // as TokenDecoders.build sets it
        long now = Instant.now().getEpochSecond();
        String withoutIat =
                sign(pair, "{\"iss\":\"https://issuer\",\"aud\":\"tally\",\"sub\":\"s\",\"exp\":" + (now + 60) + "}");
        String whole = sign(
                pair,
                "{\"iss\":\"https://issuer\",\"aud\":\"tally\",\"sub\":\"s\",\"iat\":" + now + ",\"exp\":" + (now + 60)
                        + "}");
        assertThat(decoder.decode(whole).getSubject()).isEqualTo("s");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.decode(withoutIat))
                .isInstanceOf(org.springframework.security.oauth2.jwt.JwtValidationException.class);
    }

    private static String sign(java.security.KeyPair pair, String claims) throws Exception {
        java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String input = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes()) + "."
                + base64.encodeToString(claims.getBytes());
        java.security.Signature signature = java.security.Signature.getInstance("SHA256withRSA");
        signature.initSign(pair.getPrivate());
        signature.update(input.getBytes());
        return input + "." + base64.encodeToString(signature.sign());
    }

    @Test
    void aWholeTokenPassesAndEachMissingClaimFails() {
        Instant now = Instant.now();
        assertThat(validator
                        .validate(token().subject("s")
                                .issuedAt(now)
                                .expiresAt(now.plusSeconds(60))
                                .build())
                        .hasErrors())
                .isFalse();
        assertThat(validator
                        .validate(token().issuedAt(now)
                                .expiresAt(now.plusSeconds(60))
                                .build())
                        .hasErrors())
                .as("no sub")
                .isTrue();
        assertThat(validator
                        .validate(token().subject(" ")
                                .issuedAt(now)
                                .expiresAt(now.plusSeconds(60))
                                .build())
                        .hasErrors())
                .as("blank sub")
                .isTrue();
        assertThat(validator
                        .validate(token().subject("s").issuedAt(now).build())
                        .hasErrors())
                .as("no exp")
                .isTrue();
        assertThat(validator
                        .validate(token().subject("s")
                                .expiresAt(now.plusSeconds(60))
                                .build())
                        .hasErrors())
                .as("no iat")
                .isTrue();
        assertThat(validator
                        .validate(token().subject("s")
                                .issuedAt(now)
                                .expiresAt(now.plus(Duration.ofDays(2)))
                                .build())
                        .hasErrors())
                .as("two days")
                .isTrue();
    }
}
