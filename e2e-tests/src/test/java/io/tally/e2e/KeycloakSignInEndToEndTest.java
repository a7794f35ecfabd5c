package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The production sign-in, against a real Keycloak (Maven Central's {@code keycloak-quarkus-dist},
 * the version of {@code docker-compose.yml}'s image, on Java 21 or newer) in production mode
 * ({@code start}) with the compose realm {@code docker/keycloak/tally-realm.json} imported and its
 * own database in the run's PostgreSQL, as compose runs it. Both services are started with the
 * compose file's security settings: not in dev mode, the realm's issuer and audience, keys from
 * the realm's JWK set. Programs get tokens by client credentials; people sign in with
 * authorization code + PKCE through the public client {@code tally-console} (the Swagger UI's),
 * changing their temporary password first; the role matrix holds for both.
 */
class KeycloakSignInEndToEndTest {

    private static final Path REPO = Path.of("..");
    /** The Swagger UI's redirect, registered in the compose realm; the test reads the code off it. */
    private static final String REDIRECT = "http://localhost:8081/swagger-ui/oauth2-redirect.html";

    private static final String PEOPLE_INITIAL_PASSWORD = "first-" + UUID.randomUUID();
    private static final Map<String, String> CLIENT_SECRETS =
            Map.of("APP", secret(), "ANALYST", secret(), "AUDITOR", secret(), "OPS", secret());
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private static RunningSystem system;
    private static Process keycloak;
    private static int keycloakPort;
    private static String issuer;
    private static int commandPort;
    private static int queryPort;

    @BeforeAll
    static void start() throws Exception {
        Path javaHome = javaForKeycloak();
        Path home = keycloakHome();
        system = RunningSystem.get();
        keycloakPort = RunningSystem.freePort();
        int managementPort = RunningSystem.freePort();
        issuer = "http://localhost:" + keycloakPort + "/realms/tally";

        Path imports = Files.createDirectories(home.resolve("data/import"));
        // the realm as compose imports it, but for the console's redirect to this run's query side
        queryPort = RunningSystem.freePort();
        String realm = Files.readString(REPO.resolve("docker/keycloak/tally-realm.json"));
        assertThat(realm).contains("\"http://localhost:8081/console/*\"");
        Files.writeString(
                imports.resolve("tally-realm.json"),
                realm.replace(
                        "\"http://localhost:8081/console/*\"",
                        "\"http://localhost:8081/console/*\", \"http://localhost:" + queryPort + "/console/*\""));
        String database =
                system.newDatabase("keycloak_" + UUID.randomUUID().toString().substring(0, 8));
        ProcessBuilder builder = new ProcessBuilder(
                        "bash",
                        home.resolve("bin/kc.sh").toString(),
                        "start",
                        "--import-realm",
                        "--http-enabled=true",
                        "--http-host=127.0.0.1",
                        "--http-port=" + keycloakPort,
                        "--http-management-port=" + managementPort,
                        "--health-enabled=true",
                        "--cache=local",
                        "--hostname=http://localhost:" + keycloakPort,
                        "--hostname-backchannel-dynamic=true")
                .redirectErrorStream(true)
                .redirectOutput(RunningSystem.logOf("keycloak").toFile());
        Files.createDirectories(RunningSystem.logOf("keycloak").getParent());
        Map<String, String> environment = builder.environment();
        environment.put("JAVA_HOME", javaHome.toString());
        environment.put("PATH", javaHome.resolve("bin") + ":" + System.getenv("PATH"));
        environment.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        environment.put("KC_DB", "postgres");
        environment.put("KC_DB_URL", database);
        environment.put("KC_DB_USERNAME", system.stores.user());
        environment.put("KC_DB_PASSWORD", system.stores.password());
        environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", secret());
        CLIENT_SECRETS.forEach((role, secret) -> environment.put("TALLY_" + role + "_CLIENT_SECRET", secret));
        // one initial password per person (the realm asks for four); this test gives them one it knows
        for (String person : List.of("APP_PERSON", "ANALYST", "AUDITOR", "OPS")) {
            environment.put("TALLY_" + person + "_INITIAL_PASSWORD", PEOPLE_INITIAL_PASSWORD);
        }
        keycloak = builder.start();
        await().alias("Keycloak becomes ready")
                .atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    if (!keycloak.isAlive()) {
                        throw new IllegalStateException("Keycloak exited; see " + RunningSystem.logOf("keycloak"));
                    }
                    try {
                        return get("http://localhost:" + managementPort + "/health/ready", null)
                                .body()
                                .contains("UP");
                    } catch (java.io.IOException starting) {
                        return false;
                    }
                });

        // the compose file's security settings (x-tally-environment), pointed at this Keycloak
        Map<String, String> compose = new HashMap<>();
        compose.put("TALLY_DEV_MODE", "false");
        compose.put("TALLY_JWT_PUBLIC_KEY", "");
        compose.put("TALLY_JWT_ISSUER_URI", issuer);
        compose.put(
                "TALLY_JWT_JWK_SET_URI",
                "http://127.0.0.1:" + keycloakPort + "/realms/tally/protocol/openid-connect/certs");
        compose.put("TALLY_JWT_AUDIENCE", "tally");
        compose.put("TALLY_OIDC_AUTHORIZATION_URL", issuer + "/protocol/openid-connect/auth");
        compose.put("TALLY_OIDC_TOKEN_URL", issuer + "/protocol/openid-connect/token");
        compose.put("TALLY_OIDC_CLIENT_ID", "tally-console");
        String composeFile = Files.readString(REPO.resolve("docker-compose.yml"));
        compose.keySet().stream()
                .filter(name -> !name.equals("TALLY_JWT_PUBLIC_KEY"))
                .forEach(name -> assertThat(composeFile)
                        .as("docker-compose.yml sets " + name)
                        .contains(name + ":"));
        commandPort = system.startWith("keycloak-command-side", "command-side", compose);
        system.startOn("keycloak-query-side", "query-side", queryPort, compose);
    }

    @AfterAll
    static void stop() throws Exception {
        if (system != null) {
            system.stopProcess("keycloak-query-side");
            system.stopProcess("keycloak-command-side");
        }
        if (keycloak != null) {
            keycloak.destroy();
            if (!keycloak.waitFor(30, TimeUnit.SECONDS)) {
                keycloak.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void programsSignInByClientCredentialsAndTheRoleMatrixHolds() throws Exception {
        String app = clientToken("APP");
        JsonNode claims = claimsOf(app);
        assertThat(claims.get("iss").asString()).isEqualTo(issuer);
        assertThat(claims.get("aud").toString()).contains("tally");

        String sku = "kc-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(send("POST", commandPort, "/api/inventory", app, """
                {"sku":"%s","name":"Signed-in widget","unitPrice":{"amount":700,"currency":"EUR"},"taxRateBasisPoints":0}""".formatted(sku))
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> received =
                send("POST", commandPort, "/api/inventory/" + sku + "/receipts", app, "{\"quantity\":3}");
        assertThat(received.statusCode()).as(received.body()).isBetween(200, 201);
        HttpResponse<String> placed = send("POST", commandPort, "/api/orders", app, """
                {"customerId":"cus_kc","customerName":"Kay Cloak","customerEmail":"kay@example.com",
                 "currency":"EUR","lines":[{"sku":"%s","quantity":1}],"paymentToken":"tok_visa"}""".formatted(sku));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String orderId =
                RunningSystem.JSON.readTree(placed.body()).get("orderId").asString();
        system.awaitOrderStatus(orderId, Duration.ofSeconds(30), "CONFIRMED");

        String analyst = clientToken("ANALYST");
        String auditor = clientToken("AUDITOR");
        String ops = clientToken("OPS");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(send("GET", queryPort, "/api/orders/" + orderId, app, null)
                                .statusCode())
                        .as("an app follows the order it sent")
                        .isEqualTo(200));
        assertThat(send("GET", queryPort, "/api/orders?customerId=cus_kc", analyst, null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("GET", queryPort, "/api/audit/streams/order/" + orderId, auditor, null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("GET", queryPort, "/api/admin/projections", ops, null).statusCode())
                .isEqualTo(200);
        // refusals by role, with Keycloak's tokens
        assertThat(send("GET", queryPort, "/api/audit/streams/order/" + orderId, analyst, null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("GET", queryPort, "/api/orders?customerId=cus_kc", auditor, null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("GET", queryPort, "/api/admin/projections", analyst, null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("POST", commandPort, "/api/inventory", analyst, """
                {"sku":"kc-refused","name":"x","unitPrice":{"amount":1,"currency":"EUR"},"taxRateBasisPoints":0}""").statusCode())
                .isEqualTo(403);
        // the dev issuer's tokens are not these services' tokens, and Keycloak's not the dev system's
        assertThat(send("GET", queryPort, "/api/orders?customerId=cus_kc", system.token("ANALYST"), null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(send("GET", system.queryPort, "/api/orders?customerId=cus_kc", analyst, null)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void aPersonSignsInWithAuthorizationCodeAndPkceChangingTheTemporaryPassword() throws Exception {
        String password = "mine-" + UUID.randomUUID();
        String token = signIn("analyst", PEOPLE_INITIAL_PASSWORD, password);
        JsonNode claims = claimsOf(token);
        assertThat(claims.get("azp").asString()).isEqualTo("tally-console");
        assertThat(claims.get("preferred_username").asString()).isEqualTo("analyst");
        assertThat(claims.get("roles").toString()).contains("ANALYST");
        assertThat(send("GET", queryPort, "/api/orders?size=1", token, null).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", queryPort, "/api/audit/verify?aggregateType=order&aggregateId=x", token, null)
                        .statusCode())
                .as("an analyst is no auditor")
                .isEqualTo(403);

        // the changed password is the one that works from then on, with no further form
        String again = signIn("analyst", password, null);
        assertThat(send("GET", queryPort, "/api/orders?size=1", again, null).statusCode())
                .isEqualTo(200);
        assertThat(loginPageAfterPassword("analyst", PEOPLE_INITIAL_PASSWORD, new Pkce()))
                .as("the temporary password no longer signs in")
                .contains("Invalid username or password");
    }

    /** Issue 34, point 10: five wrong passwords lock a person out for a while, the right one included. */
    @Test
    void guessingPasswordsLocksThePersonOut() throws Exception {
        for (int guess = 0; guess < 5; guess++) {
            assertThat(loginPageAfterPassword("app.person", "guess-" + guess + "-wrong-password", new Pkce()))
                    .contains("Invalid username or password");
        }
        assertThat(loginPageAfterPassword("app.person", PEOPLE_INITIAL_PASSWORD, new Pkce()))
                .as("locked: the right password does not get to the password change")
                .doesNotContain("password-new");
    }

    /**
     * The console's production sign-in in a real browser: Keycloak's own login and password forms,
     * authorization code + PKCE for the public client, back to the console with the token's role.
     */
    @Test
    void aPersonSignsInToTheConsoleThroughTheIdentityProvider() throws Exception {
        WebDriver browser = Browsers.headlessChromium("chromedriver-keycloak");
        try {
            String console = "http://localhost:" + queryPort + "/console";
            browser.get(console + "/audit");
            assertThat(browser.getCurrentUrl()).isEqualTo(console + "/sign-in");
            assertThat(browser.findElements(By.name("account")))
                    .as("no dev accounts outside dev mode")
                    .isEmpty();
            browser.findElement(By.id("sign-in-provider")).click();
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
            String authorize = browser.getCurrentUrl();
            assertThat(authorize)
                    .startsWith(issuer + "/protocol/openid-connect/auth")
                    .contains("client_id=tally-console")
                    .contains("code_challenge=")
                    .contains("code_challenge_method=S256");
            // "ops": the other tests sign in as analyst and auditor, each person changes the temporary password once
            browser.findElement(By.id("username")).sendKeys("ops");
            browser.findElement(By.id("password")).sendKeys(PEOPLE_INITIAL_PASSWORD);
            browser.findElement(By.id("kc-login")).click();
            // the temporary password changed, and (the realm's rule for OPS and AUDITOR) a one-time code set
            // up as with an authenticator app, in whichever order Keycloak asks
            boolean changed = false;
            boolean setUp = false;
            for (int page = 0; page < 2; page++) {
                wait.until(ExpectedConditions.or(
                        ExpectedConditions.presenceOfElementLocated(By.id("password-new")),
                        ExpectedConditions.presenceOfElementLocated(By.id("kc-totp-settings-form"))));
                org.openqa.selenium.WebElement shown = browser.findElement(By.tagName("html"));
                if (!browser.findElements(By.id("password-new")).isEmpty()) {
                    String password = "mine-" + UUID.randomUUID();
                    browser.findElement(By.id("password-new")).sendKeys(password);
                    browser.findElement(By.id("password-confirm")).sendKeys(password);
                    browser.findElement(By.cssSelector("#kc-passwd-update-form [type=submit]"))
                            .click();
                    changed = true;
                } else {
                    String secret = browser.findElement(By.id("totpSecret")).getDomProperty("value");
                    OTP_SECRETS.put("ops", secret);
                    browser.findElement(By.id("totp")).sendKeys(freshTotp("ops"));
                    browser.findElement(By.id("userLabel")).sendKeys("test phone");
                    browser.findElement(By.id("saveTOTPBtn")).click();
                    setUp = true;
                }
                wait.until(ExpectedConditions.stalenessOf(shown));
            }
            assertThat(changed && setUp)
                    .as("password changed and one-time code set up")
                    .isTrue();
            wait.until(ExpectedConditions.urlToBe(console));
            assertThat(browser.findElement(By.cssSelector("header .who")).getText())
                    .contains("ops")
                    .contains("OPS");
            Browsers.screenshot(browser, "console-keycloak-signed-in");

            browser.get(console + "/projections");
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Projections");
            browser.get(console + "/audit");
            assertThat(browser.findElement(By.tagName("h1")).getText())
                    .as("an operator is no auditor")
                    .isEqualTo("Not for your role");
            browser.findElement(By.cssSelector("form.who button")).click();
            wait.until(ExpectedConditions.urlContains("/console/sign-in?signedOut"));
            browser.get(console + "/projections");
            assertThat(browser.getCurrentUrl()).isEqualTo(console + "/sign-in");
        } finally {
            browser.quit();
        }
    }

    @Test
    void thePublicClientInsistsOnPkce() throws Exception {
        // no code_challenge: Keycloak refuses before any login form
        HttpResponse<String> withoutPkce = get(
                issuer + "/protocol/openid-connect/auth?"
                        + form(Map.of(
                                "client_id",
                                "tally-console",
                                "response_type",
                                "code",
                                "scope",
                                "openid",
                                "redirect_uri",
                                REDIRECT,
                                "state",
                                "s")),
                null);
        assertThat(withoutPkce.statusCode()).isIn(302, 400);
        assertThat(withoutPkce.headers().firstValue("Location").orElse(withoutPkce.body()))
                .contains("error=invalid_request")
                .contains("code_challenge");

        // a code redeemed with another verifier than the one its challenge was made from is refused
        Pkce pkce = new Pkce();
        String auditorPassword = "auditor-" + UUID.randomUUID();
        String code = code("auditor", PEOPLE_INITIAL_PASSWORD, auditorPassword, pkce);
        HttpResponse<String> wrongVerifier = redeem(code, new Pkce().verifier);
        assertThat(wrongVerifier.statusCode()).isEqualTo(400);
        assertThat(wrongVerifier.body()).contains("invalid_grant");

        // the auditor set up a one-time code on the first sign-in (the realm requires it of AUDITOR and OPS):
        // from now on the password alone gets no code, and a wrong one-time code none either
        String afterPassword = loginPageAfterPassword("auditor", auditorPassword, new Pkce());
        assertThat(afterPassword).as("a one-time code is asked for").contains("kc-otp-login-form");
        Cookies cookies = new Cookies();
        Pkce guessed = new Pkce();
        HttpResponse<String> login = cookies.keep(get(authorizeUrl(guessed, REDIRECT), null));
        HttpResponse<String> otpForm = cookies.keep(post(
                formAction(login.body(), "kc-form-login"),
                cookies,
                Map.of("username", "auditor", "password", auditorPassword, "credentialId", "")));
        String wrong = totp(OTP_SECRETS.get("auditor")).equals("000000") ? "111111" : "000000";
        HttpResponse<String> guess =
                cookies.keep(post(formAction(otpForm.body(), "kc-otp-login-form"), cookies, Map.of("otp", wrong)));
        assertThat(guess.statusCode())
                .as("a wrong one-time code: the form again, no redirect")
                .isEqualTo(200);
        assertThat(guess.body()).contains("kc-otp-login-form");
        assertThat(claimsOf(signIn("auditor", auditorPassword, null))
                        .get("roles")
                        .toString())
                .as("with the password and the one-time code")
                .contains("AUDITOR");

        // a redirect the realm does not list is refused too
        Pkce other = new Pkce();
        HttpResponse<String> elsewhere = get(authorizeUrl(other, "http://attacker.example/cb"), null);
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.body()).containsIgnoringCase("Invalid parameter: redirect_uri");
    }

    /** Issue 34, point 10: a request's Host header chose the sign-in's redirect URI (Spring's {baseUrl}). */
    @Test
    void theSignInsRedirectUriIsTheConfiguredOriginWhateverTheHostHeaderSays() throws Exception {
        String location;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", queryPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET /console/oauth2/authorization/tally HTTP/1.1\r\n"
                                    + "Host: attacker.example\r\nX-Forwarded-Host: attacker.example\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 302");
            location = answer.lines()
                    .filter(line -> line.regionMatches(true, 0, "Location:", 0, 9))
                    .findFirst()
                    .orElseThrow()
                    .substring(9)
                    .trim();
        }
        assertThat(location).startsWith(issuer + "/protocol/openid-connect/auth?");
        String redirect = java.net.URLDecoder.decode(
                location.replaceFirst(".*[?&]redirect_uri=([^&]*).*", "$1"), StandardCharsets.UTF_8);
        assertThat(redirect)
                .isEqualTo("http://localhost:" + queryPort + "/console/login/oauth2/code/tally")
                .doesNotContain("attacker");
    }

    @Test
    void theSwaggerUiOpensWithoutATokenAndOffersSignInThroughThePublicClient() throws Exception {
        for (int port : new int[] {commandPort, queryPort}) {
            HttpResponse<String> page = get("http://localhost:" + port + "/swagger-ui/index.html", null);
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode config =
                    RunningSystem.JSON.readTree(get("http://localhost:" + port + "/v3/api-docs/swagger-config", null)
                            .body());
            assertThat(config.get("oauth2RedirectUrl").asString()).endsWith("/swagger-ui/oauth2-redirect.html");
            JsonNode api = RunningSystem.JSON.readTree(
                    get("http://localhost:" + port + "/v3/api-docs", null).body());
            JsonNode flow = api.at("/components/securitySchemes/oidc/flows/authorizationCode");
            assertThat(flow.get("authorizationUrl").asString()).isEqualTo(issuer + "/protocol/openid-connect/auth");
            assertThat(flow.get("tokenUrl").asString()).isEqualTo(issuer + "/protocol/openid-connect/token");
        }
        String initializer = get("http://localhost:" + queryPort + "/swagger-ui/swagger-initializer.js", null)
                .body();
        assertThat(initializer)
                .as("the Swagger UI's sign-in settings")
                .contains("tally-console", "usePkceWithAuthorizationCodeGrant");
    }

    // ---- the identity provider, spoken to as a browser and a program would

    private static String clientToken(String role) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                                "grant_type",
                                "client_credentials",
                                "client_id",
                                "tally-" + role.toLowerCase(),
                                "client_secret",
                                CLIENT_SECRETS.get(role)))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(role + " client credentials: " + response.body())
                .isEqualTo(200);
        return RunningSystem.JSON.readTree(response.body()).get("access_token").asString();
    }

    /** A person's sign-in from the authorization request to the access token. */
    private static String signIn(String user, String password, String newPassword) throws Exception {
        Pkce pkce = new Pkce();
        HttpResponse<String> token = redeem(code(user, password, newPassword, pkce), pkce.verifier);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return RunningSystem.JSON.readTree(token.body()).get("access_token").asString();
    }

    /** The authorization code Keycloak hands the redirect after the login form (and the password form). */
    private static String code(String user, String password, String newPassword, Pkce pkce) throws Exception {
        Cookies cookies = new Cookies();
        HttpResponse<String> login = cookies.keep(get(authorizeUrl(pkce, REDIRECT), null));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        HttpResponse<String> answer = withinKeycloak(
                cookies.keep(post(
                        formAction(login.body(), "kc-form-login"),
                        cookies,
                        Map.of("username", user, "password", password, "credentialId", ""))),
                cookies);
        // Keycloak's required actions, in whichever order it asks them: the password change, the
        // one-time code's setup (AUDITOR and OPS people), then a one-time code at each later sign-in
        boolean changed = false;
        boolean setUp = false;
        for (int page = 0; page < 4 && answer.statusCode() == 200; page++) {
            String body = answer.body();
            if (body.contains("kc-passwd-update-form")) {
                assertThat(newPassword).as("a password change asked of " + user).isNotNull();
                answer = withinKeycloak(
                        cookies.keep(post(
                                formAction(body, "kc-passwd-update-form"),
                                cookies,
                                Map.of("password-new", newPassword, "password-confirm", newPassword))),
                        cookies);
                changed = true;
            } else if (body.contains("kc-totp-settings-form")) {
                // the authenticator app's part: the secret from the setup page, a code from it (RFC 6238)
                Matcher secret = Pattern.compile("id=\"totpSecret\" name=\"totpSecret\" value=\"([^\"]+)\"")
                        .matcher(body);
                assertThat(secret.find()).as(body).isTrue();
                OTP_SECRETS.put(user, secret.group(1));
                Map<String, String> fields = new HashMap<>(
                        Map.of("totp", freshTotp(user), "totpSecret", secret.group(1), "userLabel", "test phone"));
                Matcher mode = Pattern.compile("id=\"mode\" name=\"mode\" value=\"([^\"]+)\"")
                        .matcher(body);
                if (mode.find()) {
                    fields.put("mode", mode.group(1));
                }
                answer = withinKeycloak(
                        cookies.keep(post(formAction(body, "kc-totp-settings-form"), cookies, fields)), cookies);
                setUp = true;
            } else if (body.contains("kc-otp-login-form")) {
                assertThat(OTP_SECRETS)
                        .as("a one-time code is asked of " + user)
                        .containsKey(user);
                answer = withinKeycloak(
                        cookies.keep(
                                post(formAction(body, "kc-otp-login-form"), cookies, Map.of("otp", freshTotp(user)))),
                        cookies);
            } else {
                break;
            }
        }
        if (newPassword != null) {
            assertThat(changed).as("the temporary password must be changed").isTrue();
            assertThat(setUp)
                    .as(user
                            + (user.equals("auditor") || user.equals("ops")
                                    ? " must set up a one-time code"
                                    : " needs no one-time code"))
                    .isEqualTo(user.equals("auditor") || user.equals("ops"));
        }
        assertThat(answer.statusCode())
                .as("redirect with the code: " + answer.body())
                .isEqualTo(302);
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT).contains("state=" + pkce.state);
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        assertThat(code.find()).as(location).isTrue();
        return code.group(1);
    }

    /** The TOTP secrets people set up in this run (what their authenticator apps hold). */
    private static final Map<String, String> OTP_SECRETS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The code an authenticator app shows now: RFC 6238 with the realm's policy (HMAC-SHA1, 6 digits, 30 s). */
    static String totp(String secret) throws Exception {
        return totp(secret, System.currentTimeMillis() / 30_000);
    }

    /** A code for a time step of its own: Keycloak takes each code once, so a sign-in right after the setup waits. */
    private static String freshTotp(String user) throws Exception {
        long step = System.currentTimeMillis() / 30_000;
        Long used = OTP_STEPS.get(user);
        while (used != null && step <= used) {
            Thread.sleep(500);
            step = System.currentTimeMillis() / 30_000;
        }
        OTP_STEPS.put(user, step);
        return totp(OTP_SECRETS.get(user), step);
    }

    private static final Map<String, Long> OTP_STEPS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String totp(String secret, long step) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        // Keycloak keys the HMAC with the secret's bytes (the setup page's base32 text encodes the same bytes)
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        byte[] hash = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(step).array());
        int offset = hash[hash.length - 1] & 0xf;
        int binary = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        return String.format("%06d", binary % 1_000_000);
    }

    /** Follows Keycloak's redirects to its own pages (a required action), as a browser would. */
    private static HttpResponse<String> withinKeycloak(HttpResponse<String> answer, Cookies cookies) throws Exception {
        String base = "http://localhost:" + keycloakPort + "/";
        for (int hops = 0; hops < 5 && answer.statusCode() == 302; hops++) {
            String location = answer.headers().firstValue("Location").orElseThrow();
            if (!location.startsWith(base)) {
                break;
            }
            answer = cookies.keep(get(location, cookies));
        }
        return answer;
    }

    /** The page Keycloak answers after the login form is sent with this password. */
    private static String loginPageAfterPassword(String user, String password, Pkce pkce) throws Exception {
        Cookies cookies = new Cookies();
        HttpResponse<String> login = cookies.keep(get(authorizeUrl(pkce, REDIRECT), null));
        return cookies.keep(post(
                        formAction(login.body(), "kc-form-login"),
                        cookies,
                        Map.of("username", user, "password", password, "credentialId", "")))
                .body();
    }

    private static HttpResponse<String> redeem(String code, String verifier) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                                "grant_type",
                                "authorization_code",
                                "client_id",
                                "tally-console",
                                "code",
                                code,
                                "redirect_uri",
                                REDIRECT,
                                "code_verifier",
                                verifier))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String authorizeUrl(Pkce pkce, String redirect) {
        return issuer + "/protocol/openid-connect/auth?"
                + form(Map.of(
                        "client_id",
                        "tally-console",
                        "response_type",
                        "code",
                        "scope",
                        "openid",
                        "redirect_uri",
                        redirect,
                        "state",
                        pkce.state,
                        "code_challenge",
                        pkce.challenge,
                        "code_challenge_method",
                        "S256"));
    }

    private static String formAction(String html, String formId) {
        Matcher form = Pattern.compile("<form[^>]*id=\"" + formId + "\"[^>]*>", Pattern.DOTALL)
                .matcher(html);
        assertThat(form.find()).as("form " + formId + " in\n" + html).isTrue();
        Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(form.group());
        assertThat(action.find()).isTrue();
        return action.group(1).replace("&amp;", "&");
    }

    private static HttpResponse<String> get(String url, Cookies cookies) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (cookies != null) {
            cookies.header().ifPresent(header -> request.header("Cookie", header));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, Cookies cookies, Map<String, String> fields) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
        cookies.header().ifPresent(header -> request.header("Cookie", header));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, int port, String path, String token, String json)
            throws Exception {
        return system.send(method, port, path, token, json);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static JsonNode claimsOf(String jwt) {
        return RunningSystem.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A browser's cookie jar for one sign-in (Keycloak's cookies are Secure even on http://localhost). */
    private static final class Cookies {
        private final Map<String, String> values = new LinkedHashMap<>();

        HttpResponse<String> keep(HttpResponse<String> response) {
            for (String cookie : response.headers().allValues("Set-Cookie")) {
                String pair = cookie.split(";", 2)[0];
                int equals = pair.indexOf('=');
                values.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
            return response;
        }

        Optional<String> header() {
            return values.isEmpty()
                    ? Optional.empty()
                    : Optional.of(values.entrySet().stream()
                            .map(entry -> entry.getKey() + "=" + entry.getValue())
                            .collect(Collectors.joining("; ")));
        }
    }

    private static final class Pkce {
        final String verifier = secret() + secret();
        final String challenge;
        final String state = UUID.randomUUID().toString();

        Pkce() throws Exception {
            challenge = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        }
    }

    // ---- where Keycloak and its Java come from

    private static Path keycloakHome() throws Exception {
        Path unpacked = Path.of("target", "keycloak");
        try (Stream<Path> homes = Files.list(unpacked)) {
            return homes.filter(home -> Files.exists(home.resolve("bin/kc.sh")))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Keycloak under " + unpacked
                            + "; the build unpacks it" + " (maven-dependency-plugin, process-test-resources)"));
        }
    }

    /**
     * A JDK of 21 or newer: {@code TALLY_KEYCLOAK_JAVA_HOME}, or the newest under /usr/lib/jvm.
     * Keycloak needs it; the services stay on 17.
     */
    private static Path javaForKeycloak() throws Exception {
        String named = System.getenv("TALLY_KEYCLOAK_JAVA_HOME");
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        Optional<Path> found = Optional.empty();
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                found = homes.filter(home -> Files.isExecutable(home.resolve("bin/java")) && featureOf(home) >= 21)
                        .max(Comparator.comparingInt(KeycloakSignInEndToEndTest::featureOf));
            }
        }
        return found.orElseThrow(() -> new IllegalStateException("Keycloak needs Java 21 or newer: install one"
                + " under /usr/lib/jvm (Debian: openjdk-21-jre-headless) or set TALLY_KEYCLOAK_JAVA_HOME"));
    }

    private static int featureOf(Path home) {
        try {
            Matcher version =
                    Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(home.resolve("release")));
            return version.find() ? Integer.parseInt(version.group(1)) : 0;
        } catch (java.io.IOException | RuntimeException unreadable) {
            return 0;
        }
    }
}
