package io.tally.web.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the services get the keys that sign bearer tokens. In production set {@code issuerUri}
 * (an OIDC issuer) or {@code jwkSetUri}; the embedded default reads the public key that
 * {@code ./tally token} generated under {@code .tally/}.
 *
 * @param issuerUri         OIDC issuer whose discovery document names the JWK set
 * @param jwkSetUri         JWK set URL, when the issuer has no discovery document
 * @param publicKeyLocation PEM file of an RSA public key (X.509 SubjectPublicKeyInfo)
 * @param maxBodyBytes      request bodies above this size are refused with 413
 */
@ConfigurationProperties("tally.security")
public record TallySecurityProperties(String issuerUri, String jwkSetUri, String publicKeyLocation,
                                      Long maxBodyBytes) {

    public TallySecurityProperties {
        maxBodyBytes = maxBodyBytes == null ? 1_048_576L : maxBodyBytes;
    }
}
