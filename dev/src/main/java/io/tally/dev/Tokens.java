package io.tally.dev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Mints RS256 bearer tokens with the key pair that the embedded default trusts. The pair is
 * generated on first use in {@code dir} ({@code jwt-private.pem} readable by its owner only,
 * {@code jwt-public.pem} for the services) and never leaves the machine.
 */
public final class Tokens {

    public static final String ISSUER = "tally-dev";
    /** The audience the services accept by default ({@code TALLY_JWT_AUDIENCE}). */
    public static final String AUDIENCE = "tally";

    public static final String PUBLIC_KEY_FILE = "jwt-public.pem";
    private static final String PRIVATE_KEY_FILE = "jwt-private.pem";
    public static final String SEAL_PRIVATE_KEY_FILE = "seal-private.pem";
    public static final String SEAL_PUBLIC_KEY_FILE = "seal-public.pem";
    public static final String EXPORT_PRIVATE_KEY_FILE = "export-private.pem";
    public static final String EXPORT_PUBLIC_KEY_FILE = "export-public.pem";
    public static final String PII_KEK_FILE = "personal-data-kek.key";
    public static final String EVENT_MAC_FILE = "event-mac.key";

    private final PrivateKey privateKey;
    private final Path publicKey;

    private Tokens(PrivateKey privateKey, Path publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public static synchronized Tokens loadOrCreate(Path dir) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        Path privatePem = dir.resolve(PRIVATE_KEY_FILE);
        Path publicPem = dir.resolve(PUBLIC_KEY_FILE);
        ensurePair(dir, "RSA", 2048, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE);
        // the audit seals' signing key, generated beside the token key for the embedded default
        ensurePair(dir, "Ed25519", 0, SEAL_PRIVATE_KEY_FILE, SEAL_PUBLIC_KEY_FILE);
        // the query side's export-trailer key: another pair, so the query side can never sign a seal
        ensurePair(dir, "Ed25519", 0, EXPORT_PRIVATE_KEY_FILE, EXPORT_PUBLIC_KEY_FILE);
        ensureKeyEncryptionKey(dir.resolve(PII_KEK_FILE));
        ensureKeyEncryptionKey(dir.resolve(EVENT_MAC_FILE)); // 32 random bytes, base64, 0600: the same shape
        String encoded =
                Files.readString(privatePem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(encoded)));
        return new Tokens(key, publicPem);
    }

    private static void ensurePair(Path dir, String algorithm, int size, String privateName, String publicName)
            throws IOException, GeneralSecurityException {
        Path privatePem = dir.resolve(privateName);
        Path publicPem = dir.resolve(publicName);
        if (Files.exists(privatePem) && Files.exists(publicPem)) {
            return;
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (size > 0) {
            generator.initialize(size);
        }
        KeyPair pair = generator.generateKeyPair();
        Path tmp = dir.resolve(privateName + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Files.move(tmp, privatePem, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The AES-256 key that wraps the customers' data keys (base64), outside the database. */
    private static void ensureKeyEncryptionKey(Path file) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n");
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The key command-side authenticates every append with (HMAC-SHA256). */
    public Path eventMacKeyFile() {
        return publicKey.getParent().resolve(EVENT_MAC_FILE);
    }

    /** The key that wraps personal-data keys. */
    public Path keyEncryptionKeyFile() {
        return publicKey.getParent().resolve(PII_KEK_FILE);
    }

    /** The Ed25519 key pair that signs audit seals: {@code [private, public]}. */
    public Path[] sealKeyFiles() {
        Path dir = publicKey.getParent();
        return new Path[] {dir.resolve(SEAL_PRIVATE_KEY_FILE), dir.resolve(SEAL_PUBLIC_KEY_FILE)};
    }

    /** The Ed25519 key pair that signs export trailers on the query side: {@code [private, public]}. */
    public Path[] exportKeyFiles() {
        Path dir = publicKey.getParent();
        return new Path[] {dir.resolve(EXPORT_PRIVATE_KEY_FILE), dir.resolve(EXPORT_PUBLIC_KEY_FILE)};
    }

    public Path publicKeyFile() {
        return publicKey;
    }

    public String mint(String subject, List<String> roles, Duration validity) {
        return mint(subject, roles, Instant.now(), Instant.now().plus(validity));
    }

    public String mint(String subject, List<String> roles, Instant issuedAt, Instant expiresAt) {
        return mint(ISSUER, AUDIENCE, subject, roles, issuedAt, expiresAt);
    }

    /**
     * A token signed by this key with any issuer, audience, subject and times (null: no such
     * claim), to test refusals.
     */
    public String mint(
            String issuer, String audience, String subject, List<String> roles, Instant issuedAt, Instant expiresAt) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{" + (issuer == null ? "" : "\"iss\":" + quote(issuer) + ",")
                + (audience == null ? "" : "\"aud\":" + quote(audience) + ",")
                + (subject == null ? "" : "\"sub\":" + quote(subject) + ",")
                + "\"roles\":[" + roles.stream().map(Tokens::quote).collect(Collectors.joining(",")) + "]"
                + (issuedAt == null ? "" : ",\"iat\":" + issuedAt.getEpochSecond())
                + (expiresAt == null ? "" : ",\"exp\":" + expiresAt.getEpochSecond())
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
