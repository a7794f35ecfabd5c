package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.dev.DatabaseRoles;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plays whoever holds a dump of PostgreSQL (a backup, a replica, a WAL archive): every row of every
 * Tally schema, and the customers' data keys among them, and still no name or email, because the
 * data keys are wrapped by a key that never sits in the database.
 */
class PersonalDataAtRestEndToEndTest {

    private static RunningSystem system;
    private static String name;
    private static String email;
    private static String orderId;
    private static String customerId;

    @BeforeAll
    static void placeAnOrderWithPersonalData() throws Exception {
        system = RunningSystem.get();
        String secret = "Kq" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        name = "Ada " + secret;
        email = secret.toLowerCase() + "@example.org";
        String sku = "REST-" + UUID.randomUUID().toString().substring(0, 8);
        customerId = "cus_rest_" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 900, 0, 5);
        HttpResponse<String> placed =
                system.command("POST", "/api/orders", """
                {"customerId":"%s","customerName":"%s","customerEmail":"%s","currency":"EUR",
                 "lines":[{"sku":"%s","quantity":1}],"paymentToken":"tok_visa"}""".formatted(customerId, name, email, sku));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        orderId = RunningSystem.JSON.readTree(placed.body()).get("orderId").asString();
        system.awaitOrderStatus(orderId, Duration.ofSeconds(20), "CONFIRMED");
        system.awaitReadModelsConverge(customerId, List.of(orderId), Duration.ofSeconds(20));
    }

    @Test
    void aDumpOfEveryTallySchemaHoldsNoNameOrEmail() throws Exception {
        StringBuilder dump = new StringBuilder();
        long rows = 0;
        try (Connection db = superuser();
                Statement sql = db.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet found = sql.executeQuery("SELECT quote_ident(schemaname) || '.' || quote_ident(tablename)"
                    + " FROM pg_tables WHERE schemaname LIKE 'tally\\_%'")) {
                while (found.next()) {
                    tables.add(found.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet all = sql.executeQuery("SELECT t::text FROM " + table + " t")) {
                    while (all.next()) {
                        dump.append(all.getString(1)).append('\n');
                        rows++;
                    }
                }
            }
        }
        assertThat(rows).isPositive();
        assertThat(dump.toString())
                .as("every row of every Tally table, as text")
                .contains(orderId)
                .doesNotContain(name)
                .doesNotContain(email)
                .doesNotContain(name.substring(4))
                .doesNotContain(email.substring(0, email.indexOf('@')));
    }

    @Test
    void theStoredDataKeyOpensNothingWithoutTheKeyEncryptionKey() throws Exception {
        String sealedName;
        byte[] stored;
        String keyId;
        try (Connection db = superuser();
                PreparedStatement placed = db.prepareStatement(
                        "SELECT payload::jsonb ->> 'customerName'"
                                + " FROM tally_events.domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0")) {
            placed.setString(1, orderId);
            try (ResultSet row = placed.executeQuery()) {
                assertThat(row.next()).isTrue();
                sealedName = row.getString(1);
            }
            keyId = sealedName.substring("tally-pii:v1:".length(), "tally-pii:v1:".length() + 36);
            try (PreparedStatement key =
                    db.prepareStatement("SELECT data_key FROM tally_events.personal_data_key" + " WHERE key_id = ?")) {
                key.setString(1, keyId);
                try (ResultSet row = key.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    stored = row.getBytes(1);
                }
            }
        }
        byte[] sealed = Base64.getDecoder().decode(sealedName.substring(sealedName.lastIndexOf(':') + 1));
        byte[] asStored = stored;
        assertThatThrownBy(() -> open(Arrays.copyOf(asStored, 32), customerId, sealed))
                .as("the stored bytes are no AES key that opens the name")
                .isInstanceOf(Exception.class);

        byte[] kek = Base64.getDecoder()
                .decode(Files.readString(system.stores.tokens().keyEncryptionKeyFile())
                        .trim());
        Cipher unwrap = Cipher.getInstance("AES/GCM/NoPadding");
        unwrap.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(128, stored, 1, 12));
        unwrap.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
        byte[] dataKey = unwrap.doFinal(stored, 13, stored.length - 13);
        assertThat(open(dataKey, customerId, sealed))
                .as("with the key-encryption key it opens")
                .isEqualTo(name);
    }

    /**
     * Issue 34, point 5: the command role plants a clear key for a customer before their first
     * order, so that it could open what the service seals with it. The service refuses the key:
     * the order is not taken and no name or email is stored under it.
     */
    @Test
    void aClearKeyPlantedBeforeACustomersFirstOrderIsRefused() throws Exception {
        String planted = "cus_planted_" + UUID.randomUUID().toString().substring(0, 8);
        byte[] clear = new byte[32];
        new java.security.SecureRandom().nextBytes(clear);
        try (Connection attacker = DriverManager.getConnection(
                        system.stores.jdbcUrl(), DatabaseRoles.COMMAND, system.stores.password(DatabaseRoles.COMMAND));
                PreparedStatement plant = attacker.prepareStatement("INSERT INTO tally_events.personal_data_key"
                        + " (key_id, customer_id, data_key) VALUES (?, ?, ?)")) {
            plant.setString(1, UUID.randomUUID().toString());
            plant.setString(2, planted);
            plant.setBytes(3, clear);
            plant.executeUpdate();
        }
        String sku = "PLANT-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 900, 0, 5);
        HttpResponse<String> placed = system.command(
                "POST",
                "/api/orders",
                ("{\"customerId\":\"%s\","
                                + "\"customerName\":\"Planted Name\",\"customerEmail\":\"planted@example.org\",\"currency\":\"EUR\","
                                + "\"lines\":[{\"sku\":\"%s\",\"quantity\":1}],\"paymentToken\":\"tok_visa\"}")
                        .formatted(planted, sku));
        assertThat(placed.statusCode()).as(placed.body()).isGreaterThanOrEqualTo(500);
        assertThat(placed.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        try (Connection db = superuser();
                PreparedStatement events = db.prepareStatement(
                        "SELECT count(*) FROM" + " tally_events.domain_event_entry WHERE payload LIKE ?")) {
            events.setString(1, "%" + planted + "%");
            try (ResultSet row = events.executeQuery()) {
                row.next();
                assertThat(row.getLong(1))
                        .as("nothing sealed with the planted key, nothing stored")
                        .isZero();
            }
        }
        assertThat(Files.readString(RunningSystem.logOf("command-side")))
                .contains("is not wrapped by the key-encryption key: refused");
    }

    private static String open(byte[] key, String customerId, byte[] sealed) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed, 0, 12));
        cipher.updateAAD(customerId.getBytes(StandardCharsets.UTF_8));
        return new String(cipher.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.UTF_8);
    }

    private static Connection superuser() throws Exception {
        return DriverManager.getConnection(system.stores.jdbcUrl(), system.stores.user(), system.stores.password());
    }
}
