package io.tally.axon.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.core.io.Resource;

/**
 * The key that authenticates every append: {@code mac} is the HMAC-SHA256, in lower-case hex, of
 * {@code "tally-event-mac-v1\n" + hash + "\n"} where {@code hash} is the event's v2 hash (which
 * covers its id, stream, sequence, type, time, payload, metadata and previous hash). The key lives
 * in a file outside the database (0600, {@code .tally/keys/event-mac.key}, 32 random bytes in
 * base64) held by command-side alone: a database role that may insert events can chain a forged
 * one, but cannot give it a MAC, and the sealer refuses to seal it.
 * <p>
 * A MAC rather than a signature: Ed25519 in the JDK cost about 550 µs to sign and 540 µs to verify
 * an event on this machine against 0.3 µs for the HMAC (docs/audit.md, "Event MAC"); the seals,
 * signed with Ed25519 over the MAC-checked events, are what an auditor without this key checks.
 */
public final class EventMac {

    public static final String VERSION = "tally-event-mac-v1";

    private final SecretKeySpec key;

    public EventMac(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the event MAC key must be at least 32 bytes, base64");
        }
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** From a resource holding the base64 key. */
    public static EventMac from(Resource resource) {
        try {
            return new EventMac(Base64.getDecoder()
                    .decode(resource.getContentAsString(StandardCharsets.US_ASCII)
                            .trim()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "no usable event MAC key at tally.audit.event-mac-key (TALLY_EVENT_MAC_KEY):"
                            + " command-side does not append without one; ./tally up creates .tally/keys/event-mac.key",
                    e);
        }
    }

    public String mac(String hash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of()
                    .formatHex(mac.doFinal((VERSION + "\n" + hash + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    /** Whether {@code mac} is this key's over {@code hash}, compared in constant time. */
    public boolean valid(String hash, String mac) {
        return mac != null
                && hash != null
                && MessageDigest.isEqual(
                        mac(hash).getBytes(StandardCharsets.US_ASCII),
                        mac.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
