package io.tally.axon.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import org.springframework.core.io.Resource;

/** Signing: the seal key pair (Ed25519, PEM), either half of which a service may lack. */
final class SealKeys {

    private final PrivateKey signingKey;
    private final PublicKey verifyingKey;

    SealKeys(Resource privateKey, Resource publicKey) {
        this.signingKey = read(privateKey, true).map(PrivateKey.class::cast).orElse(null);
        this.verifyingKey = read(publicKey, false).map(PublicKey.class::cast).orElse(null);
    }

    boolean canSign() {
        return signingKey != null;
    }

    boolean canVerify() {
        return verifyingKey != null;
    }

    /** An Ed25519 signature by the seal key over {@code canonical}, base64; fails without the key. */
    String sign(String canonical) {
        if (signingKey == null) {
            throw new IllegalStateException("no seal signing key to sign with");
        }
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(signingKey);
            signer.update(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** Whether {@code signature} is the seal key's over {@code canonical}; never without the public key. */
    boolean valid(String canonical, String signature) {
        if (verifyingKey == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(verifyingKey);
            verifier.update(canonical.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<Object> read(Resource location, boolean privateKey) {
        if (location == null || !location.exists()) {
            return Optional.empty();
        }
        try {
            String pem = location.getContentAsString(StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(pem);
            KeyFactory keys = KeyFactory.getInstance("Ed25519");
            return Optional.of(
                    privateKey
                            ? keys.generatePrivate(new PKCS8EncodedKeySpec(der))
                            : keys.generatePublic(new X509EncodedKeySpec(der)));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the seal key " + location, e);
        }
    }
}
