package io.tally.query.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * Signs export trailers with the query side's own Ed25519 key ({@code tally.audit.export-private-key}),
 * not the seal key: the query side can vouch for what it exported, never seal a range. Without the
 * key the query side does not start, so no export leaves it unsigned.
 */
@Component
class ExportSigner {

    private final PrivateKey key;

    ExportSigner(@Value("${tally.audit.export-private-key:}") String location) {
        Resource resource = location.isBlank() ? null : new DefaultResourceLoader().getResource(location);
        if (resource == null || !resource.exists()) {
            throw new IllegalStateException("no export signing key at tally.audit.export-private-key"
                    + (location.isBlank() ? "" : " (" + location + ")")
                    + ": exports are signed, so the query side does not start without one (docs/audit.md)");
        }
        try {
            String pem = resource.getContentAsString(StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            this.key = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the export signing key " + location, e);
        }
    }

    /** The base64 Ed25519 signature over {@code canonical} in UTF-8. */
    String sign(String canonical) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing the export failed", e);
        }
    }
}
