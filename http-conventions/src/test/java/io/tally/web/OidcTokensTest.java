package io.tally.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.tally.web.security.TokenDecoders;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
        byte[] set = new JWKSet(new RSAKey.Builder((RSAPublicKey) keys.getPublic())
                        .keyID("k1")
                        .build())
                .toString()
                .getBytes(StandardCharsets.UTF_8);
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

    private static OAuth2ResourceServerProperties.Jwt settings(String issuer, String jwkSetUri, String audience) {
        OAuth2ResourceServerProperties.Jwt jwt = new OAuth2ResourceServerProperties().getJwt();
        jwt.setIssuerUri(issuer);
        jwt.setJwkSetUri(jwkSetUri);
        jwt.setAudiences(audience == null ? List.of() : List.of(audience));
        return jwt;
    }

    private static String certs() {
        return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs";
    }

    @Test
    void aTokenOfTheIssuerForTallyWithItsRolesIsAcceptedAndAnotherIssuersOrAudiencesIsNot() throws Exception {
        TallyWebAutoConfiguration configuration = new TallyWebAutoConfiguration();
        JwtDecoder decoder = TokenDecoders.build(settings(ISSUER, certs(), "tally"), false);
        Jwt jwt = decoder.decode(token(ISSUER, "tally", List.of("AUDITOR", "offline_access")));
        List<String> authorities = new ArrayList<>();
        for (GrantedAuthority authority :
                configuration.jwtAuthenticationConverter().convert(jwt).getAuthorities()) {
            authorities.add(authority.getAuthority());
        }
        assertThat(authorities).contains("ROLE_AUDITOR").doesNotContain("ROLE_APP");
        assertThatThrownBy(() -> decoder.decode(token("http://evil.example/realms/tally", "tally", List.of("OPS"))))
                .isInstanceOf(JwtValidationException.class);
        assertThatThrownBy(() -> decoder.decode(token(ISSUER, "account", List.of("OPS"))))
                .as("a token of the right issuer for another client")
                .isInstanceOf(JwtValidationException.class);
        assertThatThrownBy(() -> decoder.decode(token(ISSUER, null, List.of("OPS"))))
                .as("a token naming no audience")
                .isInstanceOf(JwtValidationException.class);
    }

    @Test
    void withoutAnIssuerTheServicesDoNotStartUnlessInDevModeWhereTheDevIssuerIsChecked() throws Exception {
        assertThatThrownBy(() -> TokenDecoders.build(settings(null, certs(), "tally"), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TALLY_JWT_ISSUER_URI");
        assertThatThrownBy(() -> TokenDecoders.build(settings(ISSUER, certs(), null), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TALLY_JWT_AUDIENCE");
        JwtDecoder dev = TokenDecoders.build(settings(null, certs(), "tally"), true);
        assertThat(dev.decode(token(TokenDecoders.DEV_ISSUER, "tally", List.of("APP")))
                        .getSubject())
                .isEqualTo("service-account-tally");
        assertThatThrownBy(() -> dev.decode(token(ISSUER, "tally", List.of("APP"))))
                .as("dev mode still checks the issuer")
                .isInstanceOf(JwtValidationException.class);
    }

    @Test
    void theRealmDefinesTheFourRolesAndOneClientCredentialsClientForEach() throws Exception {
        JsonNode realm = JsonMapper.builder()
                .build()
                .readTree(
                        Path.of("..", "docker", "keycloak", "tally-realm.json").toFile());
        assertThat(realm.get("realm").asString()).isEqualTo("tally");
        List<String> roles = new ArrayList<>();
        realm.get("roles")
                .get("realm")
                .forEach(role -> roles.add(role.get("name").asString()));
        assertThat(roles).containsExactlyInAnyOrder("APP", "ANALYST", "AUDITOR", "OPS");
        for (String role : roles) {
            String clientId = "tally-" + role.toLowerCase();
            JsonNode client = find(realm.get("clients"), "clientId", clientId);
            assertThat(client.get("serviceAccountsEnabled").asBoolean()).isTrue();
            assertThat(client.get("publicClient").asBoolean()).isFalse();
            assertThat(client.get("secret").asString())
                    .as("no secret in the repository")
                    .isEqualTo("${TALLY_" + role + "_CLIENT_SECRET}");
            JsonNode mapper = client.get("protocolMappers").get(0);
            assertThat(mapper.get("config").get("claim.name").asString()).isEqualTo("roles");
            assertThat(mapper.get("config").get("access.token.claim").asString())
                    .isEqualTo("true");
            JsonNode audience = find(client.get("protocolMappers"), "protocolMapper", "oidc-audience-mapper");
            assertThat(audience.get("config").get("included.custom.audience").asString())
                    .as("the services accept only tokens for the audience tally")
                    .isEqualTo("tally");
            JsonNode account = find(realm.get("users"), "serviceAccountClientId", clientId);
            List<String> granted = new ArrayList<>();
            account.get("realmRoles").forEach(r -> granted.add(r.asString()));
            assertThat(granted).isEqualTo(List.of(role));
        }
        assertThat(Set.copyOf(roles)).hasSize(realm.get("clients").size() - 1);
    }

    @Test
    void peopleSignInThroughOnePublicPkceClientAndTheRealmHasAPersonForEachRole() throws Exception {
        JsonNode realm = JsonMapper.builder()
                .build()
                .readTree(
                        Path.of("..", "docker", "keycloak", "tally-realm.json").toFile());
        JsonNode console = find(realm.get("clients"), "clientId", "tally-console");
        assertThat(console.get("publicClient").asBoolean())
                .as("a browser keeps no secret")
                .isTrue();
        assertThat(console.has("secret")).isFalse();
        assertThat(console.get("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(console.get("implicitFlowEnabled").asBoolean()).isFalse();
        assertThat(console.get("directAccessGrantsEnabled").asBoolean())
                .as("no passwords through the API")
                .isFalse();
        assertThat(console.get("attributes").get("pkce.code.challenge.method").asString())
                .isEqualTo("S256");
        List<String> redirects = new ArrayList<>();
        console.get("redirectUris").forEach(uri -> redirects.add(uri.asString()));
        assertThat(redirects)
                .contains(
                        "http://localhost:8080/swagger-ui/oauth2-redirect.html",
                        "http://localhost:8081/swagger-ui/oauth2-redirect.html")
                .noneMatch(uri -> uri.equals("*"));
        assertThat(find(console.get("protocolMappers"), "protocolMapper", "oidc-audience-mapper")
                        .get("config")
                        .get("included.custom.audience")
                        .asString())
                .isEqualTo("tally");
        for (String role : List.of("APP", "ANALYST", "AUDITOR", "OPS")) {
            JsonNode person = null;
            for (JsonNode user : realm.get("users")) {
                if (!user.has("serviceAccountClientId")
                        && user.get("realmRoles").get(0).asString().equals(role)) {
                    person = user;
                }
            }
            assertThat(person).as("a person with the role " + role).isNotNull();
            JsonNode credential = person.get("credentials").get(0);
            assertThat(credential.get("value").asString())
                    .as("no password in the repository, one per person")
                    .isEqualTo("${TALLY_" + (role.equals("APP") ? "APP_PERSON" : role) + "_INITIAL_PASSWORD}");
            assertThat(credential.get("temporary").asBoolean())
                    .as("changed at the first sign-in")
                    .isTrue();
        }
        // issue 34, point 10: guessing is slowed and a chosen password must be a real one
        assertThat(realm.get("bruteForceProtected").asBoolean()).isTrue();
        assertThat(realm.get("failureFactor").asInt()).isBetween(3, 10);
        assertThat(realm.get("passwordPolicy").asString()).contains("length(12)", "notUsername");
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.path(field).asString(""))) {
                return node;
            }
        }
        throw new AssertionError("no " + field + " " + value);
    }

    private static String token(String issuer, String audience, List<String> roles) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder()
                        .issuer(issuer)
                        .audience(audience)
                        .subject("service-account-tally")
                        .claim("roles", roles)
                        .issueTime(new Date())
                        .expirationTime(new Date(System.currentTimeMillis() + 60_000))
                        .build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        return jwt.serialize();
    }
}
