package io.tally.axon.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Personal data in events, encrypted with one AES-256-GCM data key per customer (table
 * {@code personal_data_key}, each key wrapped by the {@link KeyEncryptionKey}, which PostgreSQL
 * never holds). A sealed value is the text
 * {@code tally-pii:v1:<key id>:<base64 of 12-byte IV, ciphertext and 16-byte tag>}; the customer id
 * is the associated data, so a value cannot be moved to another customer. Destroying a customer's keys ({@link #erase}) makes every value sealed with them read as
 * {@link #ERASED}, in the event store and in every copy made from it; events and their hashes
 * (which cover the ciphertext) stay as they are.
 */
public final class PersonalData {

    public static final String ERASED = "[erased]";
    public static final String PREFIX = "tally-pii:v1:";
    private static final Pattern SEALED_JSON_STRING =
            Pattern.compile("\"(" + Pattern.quote(PREFIX) + "[0-9a-f-]{36}:[A-Za-z0-9+/=]+)\"");
    private static final Pattern CUSTOMER_ID = Pattern.compile("\"customerId\":\"([^\"\\\\]*)\"");
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private static final int DATA_KEY_BYTES = 32;
    private static final Logger log = LoggerFactory.getLogger(PersonalData.class);

    private final JdbcTemplate jdbc;
    private final String keys;
    private final String erasures;
    private final KeyEncryptionKey kek;
    private final SecureRandom random = new SecureRandom();

    public PersonalData(DataSource dataSource, String eventSchema, KeyEncryptionKey kek) {
        this.kek = kek;
        this.jdbc = new JdbcTemplate(dataSource);
        this.keys = eventSchema + ".personal_data_key";
        this.erasures = eventSchema + ".personal_data_erasure";
    }

    /** Encrypts {@code value} with the customer's key, creating the key on first use. */
    public String seal(String customerId, String value) {
        return seal(customerId, java.util.Collections.singletonList(value)).get(0);
    }

    /** Encrypts each value with the customer's key, looked up (or created) once for all of them. */
    public List<String> seal(String customerId, List<String> values) {
        Key key = null;
        List<String> sealed = new java.util.ArrayList<>(values.size());
        for (String value : values) {
            if (value == null) {
                sealed.add(null);
                continue;
            }
            key = key == null ? keyOf(customerId) : key;
            sealed.add(encrypt(key, customerId, value));
        }
        return sealed;
    }

    /**
     * One AES-GCM cipher per thread, initialised afresh (new key and IV) for every value: looking the
     * transformation up among the security providers cost more than the decryption itself (profile of
     * the query side under the load benchmark, docs/benchmark-results.md).
     */
    private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    });

    private String encrypt(Key key, String customerId, String value) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = AES_GCM.get();
            cipher.init(
                    Cipher.ENCRYPT_MODE, new SecretKeySpec(key.secret(), "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(customerId.getBytes(StandardCharsets.UTF_8));
            byte[] encrypted = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = new byte[iv.length + encrypted.length];
            System.arraycopy(iv, 0, sealed, 0, iv.length);
            System.arraycopy(encrypted, 0, sealed, iv.length, encrypted.length);
            return PREFIX + key.id() + ":" + Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /** The plaintext of a sealed value, {@link #ERASED} when its key is gone; other text as it is. */
    public String open(String customerId, String value) {
        return openAll(List.of(new Sealed(customerId, value))).get(value);
    }

    /** A value as stored (sealed or, from before encryption, plain) and the customer it belongs to. */
    public record Sealed(String customerId, String value) {}

    /** Opens many values with one key lookup; the answer maps each stored value to its text. */
    public Map<String, String> openAll(Collection<Sealed> values) {
        Set<String> keyIds = new LinkedHashSet<>();
        for (Sealed sealed : values) {
            if (isSealed(sealed.value())) {
                keyIds.add(keyIdOf(sealed.value()));
            }
        }
        return openAll(values, secrets(keyIds));
    }

    /**
     * Opens values with their keys as a reader fetched them in its own statement beside the values
     * (see {@link #keyJoin}): {@code storedKeys} maps each key id found to its stored (wrapped) data
     * key; a key that is not there is erased.
     */
    public Map<String, String> openWith(Collection<Sealed> values, Map<String, byte[]> storedKeys) {
        Map<String, byte[]> secrets = new HashMap<>();
        storedKeys.forEach((keyId, stored) -> opened(keyId, stored).ifPresent(secret -> secrets.put(keyId, secret)));
        return openAll(values, secrets);
    }

    /**
     * The SQL that joins the key of the sealed value in {@code column} to a row, as {@code alias}
     * with the columns {@code key_id} and {@code data_key} (null when the key is erased or the value
     * is not sealed), so a reader needs no second statement for it.
     */
    public String keyJoin(String alias, String column) {
        return "LEFT JOIN " + keys + " " + alias + " ON " + alias + ".key_id = split_part(" + column + ", ':', 3)"
                + " AND " + column + " LIKE '" + PREFIX + "%'";
    }

    private Map<String, String> openAll(Collection<Sealed> values, Map<String, byte[]> secrets) {
        Map<String, String> opened = new HashMap<>();
        for (Sealed sealed : values) {
            String value = sealed.value();
            if (!isSealed(value)) {
                opened.put(value, value);
            } else {
                byte[] secret = secrets.get(keyIdOf(value));
                opened.put(value, secret == null ? ERASED : decrypt(secret, sealed.customerId(), value));
            }
        }
        return opened;
    }

    /**
     * A stored event's JSON with each sealed string replaced by its text (or {@link #ERASED}): how the
     * audit API shows an event. The customer is the payload's {@code customerId}.
     */
    public String reveal(String json) {
        List<String> found =
                SEALED_JSON_STRING.matcher(json).results().map(m -> m.group(1)).toList();
        if (found.isEmpty()) {
            return json;
        }
        Matcher customer = CUSTOMER_ID.matcher(json);
        String customerId = customer.find() ? customer.group(1) : "";
        Map<String, String> opened =
                openAll(found.stream().map(v -> new Sealed(customerId, v)).toList());
        Matcher matcher = SEALED_JSON_STRING.matcher(json);
        StringBuilder out = new StringBuilder(json.length());
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(quoted(opened.get(matcher.group(1)))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /**
     * Destroys every key of the customer and records who did it; answers whether the customer had
     * personal data here (keys now, or an earlier erasure).
     */
    public boolean erase(String customerId, String erasedBy) {
        int destroyed = jdbc.update("DELETE FROM " + keys + " WHERE customer_id = ?", customerId);
        if (destroyed > 0) {
            jdbc.update(
                    "INSERT INTO " + erasures + " (customer_id, erased_at, erased_by) VALUES (?, now(), ?)"
                            + " ON CONFLICT (customer_id) DO UPDATE SET erased_at = now(), erased_by = excluded.erased_by",
                    customerId,
                    erasedBy);
            return true;
        }
        Integer earlier = jdbc.queryForObject(
                "SELECT count(*) FROM " + erasures + " WHERE customer_id = ?", Integer.class, customerId);
        return earlier != null && earlier > 0;
    }

    /** Customers erased in the last {@code seconds}. */
    public List<String> erasedWithin(long seconds) {
        return jdbc.queryForList(
                "SELECT customer_id FROM " + erasures + " WHERE erased_at > now() - make_interval(secs => ?)",
                String.class,
                (double) seconds);
    }

    private record Key(String id, byte[] secret) {}

    /** The customer's key; a returning customer costs one read, a new one an insert as well. */
    private Key keyOf(String customerId) {
        List<Key> existing = jdbc.query(
                "SELECT key_id, data_key FROM " + keys + " WHERE customer_id = ?",
                (rs, row) -> new Key(rs.getString(1), sealingKey(customerId, rs.getString(1), rs.getBytes(2))),
                customerId);
        if (!existing.isEmpty()) {
            return existing.get(0);
        }
        byte[] secret = new byte[DATA_KEY_BYTES];
        random.nextBytes(secret);
        String keyId = UUID.randomUUID().toString();
        jdbc.update(
                "INSERT INTO " + keys + " (key_id, customer_id, data_key) VALUES (?, ?, ?)"
                        + " ON CONFLICT (customer_id) DO NOTHING",
                keyId,
                customerId,
                kek.wrap(keyId, secret));
        return jdbc.queryForObject(
                "SELECT key_id, data_key FROM " + keys + " WHERE customer_id = ?",
                (rs, row) -> new Key(rs.getString(1), sealingKey(customerId, rs.getString(1), rs.getBytes(2))),
                customerId);
    }

    private Map<String, byte[]> secrets(Set<String> keyIds) {
        Map<String, byte[]> secrets = new HashMap<>();
        if (keyIds.isEmpty()) {
            return secrets;
        }
        jdbc.query(
                "SELECT key_id, data_key FROM " + keys + " WHERE key_id = ANY (?)",
                rs -> {
                    String keyId = rs.getString(1);
                    opened(keyId, rs.getBytes(2)).ifPresent(secret -> secrets.put(keyId, secret));
                },
                (Object) keyIds.toArray(new String[0]));
        return secrets;
    }

    /**
     * A stored data key unwrapped; one that does not unwrap with the key-encryption key (a clear
     * key, planted or left from before wrapping; another KEK's) opens nothing: its values read as
     * {@link #ERASED}.
     */
    private Optional<byte[]> opened(String keyId, byte[] stored) {
        try {
            return Optional.of(kek.unwrap(keyId, stored));
        } catch (IllegalArgumentException notWrapped) {
            log.warn("the data key {} does not unwrap with the key-encryption key: refused", keyId);
            return Optional.empty();
        }
    }

    /**
     * The key to seal a customer's new personal data with. One that does not unwrap is refused, and
     * the command with it: sealing with a key someone put in the table in clear would hand them the
     * data (issue 34, point 5).
     */
    private byte[] sealingKey(String customerId, String keyId, byte[] stored) {
        return opened(keyId, stored)
                .orElseThrow(() -> new IllegalStateException("the stored data key " + keyId
                        + " of customer " + customerId
                        + " is not wrapped by the key-encryption key: refused, nothing is"
                        + " sealed with it (docs/security.md, \"Personal data keys\")"));
    }

    /**
     * Wraps the data keys an earlier version stored in clear, exactly those the owner listed when
     * this release was installed ({@code personal_data_clear_key}); command-side does it at start.
     * A clear key not on that list was planted since and stays refused. Answers how many it wrapped.
     */
    public int wrapClearKeys() {
        List<Key> clear = jdbc.query(
                "SELECT k.key_id, k.data_key FROM " + keys + " k JOIN "
                        + keys.replace("personal_data_key", "personal_data_clear_key") + " c ON c.key_id = k.key_id"
                        + " WHERE octet_length(k.data_key) = ?",
                (rs, row) -> new Key(rs.getString(1), rs.getBytes(2)),
                DATA_KEY_BYTES);
        for (Key key : clear) {
            jdbc.update(
                    "UPDATE " + keys + " SET data_key = ? WHERE key_id = ? AND octet_length(data_key) = ?",
                    kek.wrap(key.id(), key.secret()),
                    key.id(),
                    DATA_KEY_BYTES);
        }
        return clear.size();
    }

    private static String decrypt(byte[] secret, String customerId, String value) {
        try {
            byte[] sealed = Base64.getDecoder().decode(value.substring(value.lastIndexOf(':') + 1));
            Cipher cipher = AES_GCM.get();
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(secret, "AES"),
                    new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(customerId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // a value that does not open with its key was not sealed for this customer
            return ERASED;
        }
    }

    /** The id of the key a value is sealed with, or null when it is not sealed. */
    public static String keyId(String value) {
        return isSealed(value) ? keyIdOf(value) : null;
    }

    private static String keyIdOf(String value) {
        return value.substring(PREFIX.length(), PREFIX.length() + 36);
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
