package io.tally.web;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.tally.web.security.TallySecurityProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Production tokens: keys from an OIDC issuer's JWK set, the issuer checked as clients see it (the
 * docker-compose setup, where the services reach Keycloak under another name), roles from the
 * {@code roles} claim that the realm in {@code docker/keycloak} puts into every access token.
 */
class OidcTokensTest {

    private static final String ISSUER = "http://localhost:8180/realms/tally";
    private static HttpServer jwks;
    private static KeyPair keys;

    @BeforeAll
    static void serveKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        byte[] set = new JWKSet(new RSAKey.Builder((RSAPublicKey) keys.getPublic()).keyID("k1").build())
                .toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/certs", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, set.length);
            exchange.getResponseBody().write(set);
            exchange.close();
        });
        jwks.start();
    }

    @AfterAll
    static void stop() {
        jwks.stop(0);
    }

    @Test
    void aTokenOfTheIssuerWithItsRolesIsAcceptedAndAnotherIssuersIsNot() throws Exception {
        TallyWebAutoConfiguration configuration = new TallyWebAutoConfiguration();
        JwtDecoder decoder = configuration.jwtDecoder(new TallySecurityProperties(ISSUER,
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs", null, null));
        Jwt jwt = decoder.decode(token(ISSUER, List.of("AUDITOR", "offline_access")));
        List<String> authorities = new ArrayList<>();
        for (GrantedAuthority authority : configuration.jwtAuthenticationConverter().convert(jwt).getAuthorities()) {
            authorities.add(authority.getAuthority());
        }
        assertThat(authorities).contains("ROLE_AUDITOR").doesNotContain("ROLE_APP");
        assertThatThrownBy(() -> decoder.decode(token("http://evil.example/realms/tally", List.of("OPS"))))
                .isInstanceOf(JwtValidationException.class);
    }

    @Test
    void theRealmDefinesTheFourRolesAndOneClientCredentialsClientForEach() throws Exception {
        JsonNode realm = JsonMapper.builder().build().readTree(Path.of("..", "docker", "keycloak", "tally-realm.json")
                                                                  .toFile());
        assertThat(realm.get("realm").asString()).isEqualTo("tally");
        List<String> roles = new ArrayList<>();
        realm.get("roles").get("realm").forEach(role -> roles.add(role.get("name").asString()));
        assertThat(roles).containsExactlyInAnyOrder("APP", "ANALYST", "AUDITOR", "OPS");
        for (String role : roles) {
            String clientId = "tally-" + role.toLowerCase();
            JsonNode client = find(realm.get("clients"), "clientId", clientId);
            assertThat(client.get("serviceAccountsEnabled").asBoolean()).isTrue();
            assertThat(client.get("publicClient").asBoolean()).isFalse();
            assertThat(client.get("secret").asString()).as("no secret in the repository")
                                                       .isEqualTo("${TALLY_" + role + "_CLIENT_SECRET}");
            JsonNode mapper = client.get("protocolMappers").get(0);
            assertThat(mapper.get("config").get("claim.name").asString()).isEqualTo("roles");
            assertThat(mapper.get("config").get("access.token.claim").asString()).isEqualTo("true");
            JsonNode account = find(realm.get("users"), "serviceAccountClientId", clientId);
            List<String> granted = new ArrayList<>();
            account.get("realmRoles").forEach(r -> granted.add(r.asString()));
            assertThat(granted).isEqualTo(List.of(role));
        }
        assertThat(Set.copyOf(roles)).hasSize(realm.get("clients").size());
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.path(field).asString(""))) {
                return node;
            }
        }
        throw new AssertionError("no " + field + " " + value);
    }

    private static String token(String issuer, List<String> roles) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer(issuer).subject("service-account-tally")
                        .claim("roles", roles).issueTime(new Date())
                        .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        return jwt.serialize();
    }
}
