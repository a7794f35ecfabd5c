package io.tally.web.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The bearer-token decoder both services build from Spring Boot's resource-server properties
 * ({@code spring.security.oauth2.resourceserver.jwt.*}): the keys from {@code jwk-set-uri}, from
 * {@code public-key-location}, or from the issuer's discovery document; and in every mode the
 * signature, the validity window, the issuer ({@code iss} equal to {@code issuer-uri}) and the
 * audience ({@code aud} naming one of {@code audiences}) are checked.
 * <p>
 * Without an issuer the services do not start, unless the launcher says this is the embedded dev
 * mode ({@code tally.security.dev-mode}, {@code TALLY_DEV_MODE=true}, which only {@code ./tally up}
 * and the tests set): then the issuer is {@link #DEV_ISSUER}, still checked, and the key is the one
 * {@code ./tally token} made under {@code .tally/keys} unless another is named.
 */
public final class TokenDecoders {

    /** The issuer of the tokens {@code ./tally token} mints in dev mode. */
    public static final String DEV_ISSUER = "tally-dev";
    /** Where {@code ./tally up} keeps the dev token key, relative to the directory it runs in. */
    public static final String DEV_PUBLIC_KEY = "file:.tally/keys/jwt-public.pem";

    private TokenDecoders() {}

    public static JwtDecoder build(OAuth2ResourceServerProperties.Jwt jwt, boolean devMode)
            throws IOException, GeneralSecurityException {
        List<String> audiences = jwt.getAudiences() == null
                ? List.of()
                : jwt.getAudiences().stream().filter(TokenDecoders::hasText).toList();
        if (audiences.isEmpty()) {
            throw new IllegalStateException("no token audience configured: set TALLY_JWT_AUDIENCE"
                    + " (spring.security.oauth2.resourceserver.jwt.audiences), the aud every accepted token must name");
        }
        String issuer = jwt.getIssuerUri();
        if (!hasText(issuer)) {
            if (!devMode) {
                throw new IllegalStateException("no token issuer configured: set TALLY_JWT_ISSUER_URI"
                        + " (spring.security.oauth2.resourceserver.jwt.issuer-uri); the embedded dev key is used only"
                        + " in dev mode (TALLY_DEV_MODE=true, which ./tally up sets)");
            }
            issuer = DEV_ISSUER;
        }
        NimbusJwtDecoder decoder;
        Resource publicKey = named(jwt.getPublicKeyLocation());
        if (hasText(jwt.getJwkSetUri())) {
            // keys fetched where the service reaches the issuer, iss checked as clients see it
            decoder = NimbusJwtDecoder.withJwkSetUri(jwt.getJwkSetUri()).build();
        } else if (publicKey != null) {
            if (!publicKey.exists()) {
                throw new IllegalStateException(
                        "the token public key " + publicKey.getDescription() + " does not exist");
            }
            decoder = NimbusJwtDecoder.withPublicKey(readPublicKey(publicKey)).build();
        } else if (!hasText(jwt.getIssuerUri())) {
            Resource devKey = new DefaultResourceLoader().getResource(DEV_PUBLIC_KEY);
            if (!devKey.exists()) {
                throw new IllegalStateException(
                        "dev mode without a token key: run ./tally token APP first, or set" + " TALLY_JWT_PUBLIC_KEY");
            }
            decoder = NimbusJwtDecoder.withPublicKey(readPublicKey(devKey)).build();
        } else {
            decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
        }
        decoder.setJwtValidator(validator(issuer, audiences));
        decoder.setClaimSetConverter(TokenDecoders::claimsAsSent);
        return decoder;
    }

    private static final org.springframework.core.convert.converter.Converter<
                    java.util.Map<String, Object>, java.util.Map<String, Object>>
            DEFAULT_CLAIMS =
                    org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter.withDefaults(java.util.Map.of());

    /**
     * Spring's claim conversion, except that it does not make up an {@code iat} one second before
     * {@code exp} for a token that has none: such a token is refused ({@link #validator}).
     */
    static java.util.Map<String, Object> claimsAsSent(java.util.Map<String, Object> claims) {
        java.util.Map<String, Object> converted = DEFAULT_CLAIMS.convert(claims);
        if (!claims.containsKey(JwtClaimNames.IAT) && converted.containsKey(JwtClaimNames.IAT)) {
            converted = new java.util.HashMap<>(converted);
            converted.remove(JwtClaimNames.IAT);
        }
        return converted;
    }

    /** The longest a token may be valid for ({@code exp - iat}); longer ones are refused. */
    static final java.time.Duration MAX_LIFETIME = java.time.Duration.ofHours(24);

    /**
     * Issuer, audience, and (issue 34, point 10) a subject, an expiry and an issue time no further
     * apart than {@link #MAX_LIFETIME}: a token without {@code sub} would skip the per-caller limits
     * and be recorded with an empty principal, one without {@code exp} would never expire.
     */
    static OAuth2TokenValidator<Jwt> validator(String issuer, Collection<String> audiences) {
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD, aud -> aud != null && aud.stream().anyMatch(audiences::contains));
        OAuth2TokenValidator<Jwt> subject =
                new JwtClaimValidator<String>(JwtClaimNames.SUB, sub -> sub != null && !sub.isBlank());
        OAuth2TokenValidator<Jwt> lifetime = jwt -> jwt.getExpiresAt() != null
                        && jwt.getIssuedAt() != null
                        && !jwt.getExpiresAt().isAfter(jwt.getIssuedAt().plus(MAX_LIFETIME))
                ? org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.success()
                : org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.failure(
                        new org.springframework.security.oauth2.core.OAuth2Error(
                                "invalid_token",
                                "a token needs exp and iat, at most " + MAX_LIFETIME.toHours() + " h apart",
                                null));
        return new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(issuer), audience, subject, lifetime);
    }

    /** The resource, or null when the property is unset or empty (bound as the class path's root). */
    private static Resource named(Resource resource) {
        return resource == null || !hasText(resource.getFilename()) ? null : resource;
    }

    private static RSAPublicKey readPublicKey(Resource resource) throws IOException, GeneralSecurityException {
        try (InputStream in = resource.getInputStream()) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        }
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
