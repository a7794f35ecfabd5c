package io.tally.tools.audit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies a {@code tally-export-v1} file with no database and none of Tally's own classes, from
 * the formats docs/audit.md documents: every event's hash over its canonical form, every aggregate's
 * chain of {@code previousHash} links, every seal's signature, hash and link to the seal before it,
 * and the Merkle root and count of the events of every seal the export holds whole. One pass;
 * memory is the hashes of one seal's range plus the last hash of each aggregate.
 */
public final class ExportVerifier {

    private static final int MAX_PROBLEMS = 50;

    /** Where the export stops matching: its line, and the event or seal there. */
    public record Problem(long line, Long globalIndex, String aggregateType, String aggregateId, Long sequence,
                          Long seal, String reason) {

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("line " + line + ": " + reason);
            if (seal != null) {
                text.append(" (seal ").append(seal).append(')');
            }
            if (globalIndex != null) {
                text.append(" at global index ").append(globalIndex).append(", ").append(aggregateType).append(' ')
                    .append(aggregateId).append(" #").append(sequence);
            }
            return text.toString();
        }
    }

    /**
     * @param sealsChecked seals checked against their events; {@code sealsPartial} touch the export
     *                     but are not wholly inside it (their signatures and links still are checked);
     *                     {@code unsealed} events lie after the last seal
     */
    public record Result(boolean verified, long events, long seals, long sealsChecked, long sealsPartial,
                         long unsealed, List<Problem> problems) {
    }

    private record Seal(long line, long number, long after, long to, long count, String root, String previous,
                        String sealedAt, String signature, String hash) {
    }

    private record Link(long sequence, String hash) {
    }

    /** The newest seal an auditor holds from outside the database: its number and hash ({@code N:HASH}). */
    public record Anchor(long number, String hash) {

        public static Anchor parse(String text) {
            int colon = text == null ? -1 : text.indexOf(':');
            if (colon <= 0 || !text.substring(colon + 1).matches("[0-9a-f]{64}")
                    || !text.substring(0, colon).matches("[0-9]{1,18}")) {
                throw new IllegalArgumentException("an anchor is N:HASH, a seal's number and its 64 hex digits");
            }
            return new Anchor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        }

        /** The newest line of a witness file ({@code <number> <sealHash> <sealedAt>} per seal), if any. */
        public static java.util.Optional<Anchor> newestIn(Path witness) throws IOException {
            Anchor newest = null;
            for (String line : Files.readAllLines(witness, StandardCharsets.US_ASCII)) {
                String[] fields = line.trim().split(" ");
                try {
                    Anchor anchor = fields.length >= 2 ? parse(fields[0] + ":" + fields[1]) : null;
                    if (anchor != null && (newest == null || anchor.number() > newest.number())) {
                        newest = anchor;
                    }
                } catch (IllegalArgumentException torn) {
                    // a torn last line: the one before it stands
                }
            }
            return java.util.Optional.ofNullable(newest);
        }
    }

    private final PublicKey key;
    private final Anchor anchor;
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<Problem> problems = new ArrayList<>();
    private final List<Seal> seals = new ArrayList<>();
    private final Map<String, Link> chains = new HashMap<>();
    private final List<String> sealHashes = new ArrayList<>();
    private long after;
    private long to;
    private long events;
    private long sealsChecked;
    private long sealsPartial;
    private long unsealed;
    private int nextSeal;
    private long lastGlobalIndex;

    private ExportVerifier(PublicKey key, Anchor anchor) {
        this.key = key;
        this.anchor = anchor;
    }

    public static Result verify(BufferedReader export, PublicKey key) throws IOException {
        return verify(export, key, null);
    }

    /**
     * As {@link #verify(BufferedReader, PublicKey)}, and the export's seals must agree with the
     * anchor: the seal it names, when exported, must have its hash ({@code seal-chain-broken}
     * otherwise: the range was sealed again), and events after the export's last seal while the
     * anchor says a later seal exists mean that seal was left out or deleted ({@code seal-missing}).
     */
    public static Result verify(BufferedReader export, PublicKey key, Anchor anchor) throws IOException {
        return new ExportVerifier(key, anchor).run(export);
    }

    /** An Ed25519 public key in PEM (X.509 SubjectPublicKeyInfo), as {@code .tally/keys/seal-public.pem}. */
    public static PublicKey publicKey(Path pem) throws IOException, GeneralSecurityException {
        String base64 = Files.readString(pem, StandardCharsets.US_ASCII)
                             .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                                                                                           .decode(base64)));
    }

    private Result run(BufferedReader export) throws IOException {
        String text = export.readLine();
        long line = 1;
        JsonNode header = text == null ? null : parse(text, line);
        if (header == null || !"header".equals(kind(header))
                || !"tally-export-v1".equals(header.path("format").asString(""))) {
            problems.add(new Problem(line, null, null, null, null, null, "not-an-export"));
            return result();
        }
        after = header.get("afterGlobalIndex").asLong();
        to = header.get("toGlobalIndex").asLong();
        lastGlobalIndex = after;
        while ((text = export.readLine()) != null && problems.size() < MAX_PROBLEMS) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            JsonNode node = parse(text, line);
            if (node == null) {
                continue;
            }
            switch (kind(node)) {
                case "seal" -> seal(node, line);
                case "event" -> event(node, line);
                default -> problems.add(new Problem(line, null, null, null, null, null, "malformed-line"));
            }
        }
        closeSealsBefore(Long.MAX_VALUE);
        checkAnchor(line);
        return result();
    }

    private void checkAnchor(long lastLine) {
        if (anchor == null) {
            return;
        }
        long newest = 0;
        for (Seal seal : seals) {
            newest = Math.max(newest, seal.number());
            if (seal.number() == anchor.number() && !seal.hash().equals(anchor.hash())) {
                problems.add(sealProblem(seal, "seal-chain-broken"));
            }
        }
        if (anchor.number() > newest && unsealed > 0) {
            problems.add(new Problem(lastLine, null, null, null, null, newest + 1, "seal-missing"));
        }
    }

    private Result result() {
        return new Result(problems.isEmpty(), events, seals.size(), sealsChecked, sealsPartial, unsealed,
                List.copyOf(problems));
    }

    private void seal(JsonNode node, long line) {
        Seal seal = new Seal(line, node.get("number").asLong(), node.get("afterGlobalIndex").asLong(),
                node.get("toGlobalIndex").asLong(), node.get("eventCount").asLong(), text(node, "merkleRoot"),
                text(node, "previousSealHash"), text(node, "sealedAt"), text(node, "signature"),
                text(node, "sealHash"));
        String canonical = "tally-seal-v1\n" + seal.number() + "\n" + seal.after() + "\n" + seal.to() + "\n"
                + seal.count() + "\n" + seal.root() + "\n" + Objects.toString(seal.previous(), "") + "\n"
                + seal.sealedAt() + "\n";
        Seal before = seals.isEmpty() ? null : seals.get(seals.size() - 1);
        if (before != null && seal.number() != before.number() + 1) {
            problems.add(sealProblem(seal, "seal-missing"));
        } else if (before != null ? !Objects.equals(seal.previous(), before.hash()) || seal.after() != before.to()
                : seal.number() == 1 && !blank(seal.previous())) {
            problems.add(sealProblem(seal, "seal-chain-broken"));
        }
        if (!sha256(canonical + seal.signature() + "\n").equals(seal.hash())) {
            problems.add(sealProblem(seal, "seal-chain-broken"));
        } else if (!signed(canonical, seal.signature())) {
            problems.add(sealProblem(seal, "seal-signature-invalid"));
        }
        seals.add(seal);
    }

    private void event(JsonNode node, long line) {
        events++;
        long globalIndex = node.get("globalIndex").asLong();
        String type = text(node, "aggregateType");
        String id = text(node, "aggregateId");
        long sequence = node.get("sequence").asLong();
        String hash = text(node, "hash");
        String previous = text(node, "previousHash");
        if (globalIndex <= lastGlobalIndex || globalIndex > to) {
            problems.add(new Problem(line, globalIndex, type, id, sequence, null, "event-out-of-order"));
        }
        lastGlobalIndex = Math.max(lastGlobalIndex, globalIndex);
        String canonical = String.join("\n", "tally-event-v1", Objects.toString(type, ""), id,
                Long.toString(sequence), text(node, "payloadType"), Objects.toString(text(node, "payloadRevision"), ""),
                text(node, "timestamp"), text(node, "payload"), Objects.toString(text(node, "metadata"), ""),
                Objects.toString(previous, "")) + "\n";
        if (!sha256(canonical).equals(hash)) {
            problems.add(new Problem(line, globalIndex, type, id, sequence, null, "event-altered"));
        }
        String aggregate = type + "\n" + id;
        Link last = chains.get(aggregate);
        if (last == null ? sequence == 0 && !blank(previous)
                : sequence == last.sequence() + 1 && !Objects.equals(previous, last.hash())) {
            problems.add(new Problem(line, globalIndex, type, id, sequence, null, "chain-link-broken"));
        } else if (last == null ? sequence != 0 && after == -1 : sequence != last.sequence() + 1) {
            problems.add(new Problem(line, globalIndex, type, id, sequence, null,
                    last != null && sequence <= last.sequence() ? "event-out-of-order" : "missing-event"));
        }
        chains.put(aggregate, new Link(sequence, hash));

        closeSealsBefore(globalIndex);
        if (nextSeal < seals.size() && globalIndex > seals.get(nextSeal).after()) {
            sealHashes.add(hash);
        } else {
            unsealed++;
        }
    }

    /** Checks every seal that ends before {@code globalIndex} against the event hashes gathered for it. */
    private void closeSealsBefore(long globalIndex) {
        while (nextSeal < seals.size() && seals.get(nextSeal).to() < globalIndex) {
            Seal seal = seals.get(nextSeal++);
            boolean whole = seal.after() >= after && seal.to() <= to;
            if (!whole) {
                sealsPartial++;
            } else {
                sealsChecked++;
                if (sealHashes.size() != seal.count() || !merkleRoot(sealHashes).equals(seal.root())) {
                    problems.add(sealProblem(seal, "sealed-events-changed"));
                }
            }
            sealHashes.clear();
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isEmpty();
    }

    private static Problem sealProblem(Seal seal, String reason) {
        return new Problem(seal.line(), null, null, null, null, seal.number(), reason);
    }

    private boolean signed(String canonical, String signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(canonical.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static String merkleRoot(List<String> hashes) {
        if (hashes.isEmpty()) {
            return sha256("");
        }
        List<String> level = hashes;
        while (level.size() > 1) {
            List<String> parents = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                parents.add(i + 1 < level.size() ? sha256(level.get(i) + level.get(i + 1)) : level.get(i));
            }
            level = parents;
        }
        return level.get(0);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                                         .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private JsonNode parse(String text, long line) {
        try {
            return json.readTree(text);
        } catch (RuntimeException e) {
            problems.add(new Problem(line, null, null, null, null, null, "malformed-line"));
            return null;
        }
    }

    private static String kind(JsonNode node) {
        return node.path("kind").asString("");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
