package io.tally.axon.privacy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.core.io.Resource;

/**
 * A 256-bit AES key read from a file or an environment value (base64), wrapping each data key with
 * AES-GCM and the key id as associated data: {@code 0x01 || 12-byte IV || ciphertext and tag}.
 */
public final class LocalKeyEncryptionKey implements KeyEncryptionKey {

    static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public LocalKeyEncryptionKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the key-encryption key must be 32 bytes (AES-256), base64");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** From {@code base64:...} (an environment value) or a resource holding the base64 text. */
    public static LocalKeyEncryptionKey from(String value, Resource resource) {
        try {
            String base64 = value != null && value.startsWith("base64:")
                    ? value.substring("base64:".length())
                    : resource.getContentAsString(StandardCharsets.US_ASCII);
            return new LocalKeyEncryptionKey(Base64.getDecoder().decode(base64.trim()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "no usable key-encryption key for personal data at tally.privacy"
                            + ".key-encryption-key (TALLY_PII_KEK): the services do not start without one; ./tally up"
                            + " creates .tally/keys/personal-data-kek.key",
                    e);
        }
    }

    @Override
    public byte[] wrap(String keyId, byte[] dataKey) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(dataKey);
            return ByteBuffer.allocate(1 + IV_BYTES + sealed.length)
                    .put(VERSION)
                    .put(iv)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("wrapping a data key failed", e);
        }
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrapped) {
        if (wrapped.length < 1 + IV_BYTES + 16 || wrapped[0] != VERSION) {
            throw new IllegalArgumentException("not a wrapped data key");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped, 1, IV_BYTES));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(wrapped, 1 + IV_BYTES, wrapped.length - 1 - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the data key " + keyId + " does not open with this key-encryption key", e);
        }
    }
}
