package io.tally.tools.audit;

import io.tally.formats.audit.LogMerkleTree;
import io.tally.formats.audit.PairwiseMerkleRoot;
import io.tally.formats.audit.Sha256;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies a {@code tally-export-v2} (or {@code -v1}) file with no database and none of Tally's own
 * classes, from the formats docs/audit.md documents: every event's hash over its canonical form,
 * every aggregate's chain of {@code previousHash} links, every seal's signature, hash and link to
 * the seal before it, the Merkle root and count of the events of every seal the export holds whole,
 * and (v2) the trailer's signature by the export key over the range, the count and the RFC 6962
 * Merkle root of every exported event. Events covered neither by a whole seal nor by a valid
 * trailer fail the export unless {@link Options#allowUnsealed()}. One pass; memory is the hashes of
 * one seal's range, the last hash of each aggregate and one hash per level of the trailer's tree.
 */
public final class ExportVerifier {

    private static final int MAX_PROBLEMS = 50;

    /** Where the export stops matching: its line, and the event or seal there. */
    public record Problem(
            long line,
            Long globalIndex,
            String aggregateType,
            String aggregateId,
            Long sequence,
            Long seal,
            String reason) {

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("line " + line + ": " + reason);
            if (seal != null) {
                text.append(" (seal ").append(seal).append(')');
            }
            if (globalIndex != null) {
                text.append(" at global index ")
                        .append(globalIndex)
                        .append(", ")
                        .append(aggregateType)
                        .append(' ')
                        .append(aggregateId)
                        .append(" #")
                        .append(sequence);
            }
            return text.toString();
        }
    }

    /**
     * @param sealsChecked seals checked against their events; {@code sealsPartial} touch the export
     *                     but are not wholly inside it (their signatures and links still are checked);
     *                     {@code unsealed} events lie after the last seal
     */
    public record Result(
            boolean verified,
            String format,
            long events,
            long seals,
            long sealsChecked,
            long sealsPartial,
            long unsealed,
            Trailer trailer,
            long uncovered,
            List<Problem> problems) {}

    /** What the export's trailer proved: {@code NONE} in a v1 export, which has none. */
    public enum Trailer {
        VERIFIED,
        INVALID,
        MISSING,
        NONE
    }

    /**
     * @param sealKey       the seal public key ({@code seal-public.pem})
     * @param exportKey     the export public key ({@code export-public.pem}) that signs v2 trailers;
     *                      without it no trailer verifies
     * @param anchor        the newest seal the auditor holds from outside the database, or null
     * @param allowUnsealed accept events covered by neither a whole seal nor a valid trailer
     *                      (a v1 export's unsealed tail); they are still counted
     */
    public record Options(
            PublicKey sealKey, PublicKey exportKey, Anchor anchor, boolean allowUnsealed, List<Witnessed> witness) {

        public Options(PublicKey sealKey, PublicKey exportKey, Anchor anchor, boolean allowUnsealed) {
            this(sealKey, exportKey, anchor, allowUnsealed, null);
        }

        /** Checked against every line of a witness file, not only its newest. */
        public static Options withWitness(PublicKey sealKey, PublicKey exportKey, Path witness, boolean allowUnsealed)
                throws IOException {
            List<Witnessed> lines = Witnessed.allIn(witness);
            return new Options(
                    sealKey,
                    exportKey,
                    lines.isEmpty() ? null : lines.get(lines.size() - 1).anchor(),
                    allowUnsealed,
                    lines);
        }
    }

    /** One line of a witness file: {@code <number> <sealHash> <sealedAt>}. */
    public record Witnessed(Anchor anchor, String sealedAt) {

        /** Every line of a witness file, in file order; a torn line is skipped, an unreadable file fails. */
        public static List<Witnessed> allIn(Path witness) throws IOException {
            List<Witnessed> lines = new ArrayList<>();
            for (String line : Files.readAllLines(witness, StandardCharsets.US_ASCII)) {
                String[] fields = line.trim().split(" ");
                try {
                    if (fields.length >= 2) {
                        lines.add(new Witnessed(
                                Anchor.parse(fields[0] + ":" + fields[1]), fields.length >= 3 ? fields[2] : null));
                    }
                } catch (IllegalArgumentException torn) {
                    // a torn last line: the ones before it stand
                }
            }
            return lines;
        }
    }

    private record Seal(
            long line,
            long number,
            long after,
            long to,
            long count,
            String root,
            String previous,
            String sealedAt,
            String signature,
            String hash,
            int version) {}

    private record Link(long sequence, String hash) {}

    /** The newest seal an auditor holds from outside the database: its number and hash ({@code N:HASH}). */
    public record Anchor(long number, String hash) {

        public static Anchor parse(String text) {
            int colon = text == null ? -1 : text.indexOf(':');
            if (colon <= 0
                    || !text.substring(colon + 1).matches("[0-9a-f]{64}")
                    || !text.substring(0, colon).matches("[0-9]{1,18}")) {
                throw new IllegalArgumentException("an anchor is N:HASH, a seal's number and its 64 hex digits");
            }
            return new Anchor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        }

        /** The newest line of a witness file ({@code <number> <sealHash> <sealedAt>} per seal), if any. */
        public static java.util.Optional<Anchor> newestIn(Path witness) throws IOException {
            return Witnessed.allIn(witness).stream()
                    .map(Witnessed::anchor)
                    .max(java.util.Comparator.comparingLong(Anchor::number));
        }
    }

    private static final List<String> TRAILER_FIELDS = List.of(
            "exportedAt",
            "from",
            "to",
            "afterGlobalIndex",
            "toGlobalIndex",
            "eventCount",
            "merkleRoot",
            "sealCount",
            "lastSealHash");

    private final PublicKey key;
    private final Options options;
    private final Anchor anchor;
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<Problem> problems = new ArrayList<>();
    private final List<Seal> seals = new ArrayList<>();
    private final Map<String, Link> chains = new HashMap<>();
    private final List<String> sealHashes = new ArrayList<>();
    private LogMerkleTree sealTree = new LogMerkleTree();
    private long after;
    private long to;
    private long events;
    private long sealsChecked;
    private long sealsPartial;
    private long unsealed;
    private boolean authenticatedSeen;
    private final List<Problem> refusals = new ArrayList<>();
    private int nextSeal;
    private long lastGlobalIndex;
    private String format;
    private JsonNode header;
    private JsonNode trailer;
    private long trailerLine;
    private long coveredBySeals;
    private long partial;
    private final LogMerkleTree tree = new LogMerkleTree();

    private ExportVerifier(Options options) {
        this.key = options.sealKey();
        this.options = options;
        this.anchor = options.anchor();
    }

    /** Both keys, no anchor, events no seal or trailer covers refused. */
    public static Result verify(BufferedReader export, PublicKey sealKey, PublicKey exportKey) throws IOException {
        return verify(export, new Options(sealKey, exportKey, null, false));
    }

    /**
     * With an anchor the export's seals must also agree with it: the seal it names, when exported,
     * must have its hash ({@code seal-chain-broken} otherwise: the range was sealed again), and
     * events after the export's last seal while the anchor says a later seal exists mean that seal
     * was left out or deleted ({@code seal-missing}).
     */
    public static Result verify(BufferedReader export, Options options) throws IOException {
        return new ExportVerifier(options).run(export);
    }

    /** An Ed25519 public key in PEM (X.509 SubjectPublicKeyInfo), as {@code .tally/keys/seal-public.pem}. */
    public static PublicKey publicKey(Path pem) throws IOException, GeneralSecurityException {
        String base64 = Files.readString(pem, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private Result run(BufferedReader export) throws IOException {
        String text = export.readLine();
        long line = 1;
        header = text == null ? null : parse(text, line);
        format = header == null ? null : header.path("format").asString("");
        if (header == null
                || !"header".equals(kind(header))
                || !"tally-export-v1".equals(format) && !"tally-export-v2".equals(format)) {
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
            if (trailer != null) {
                problems.add(new Problem(line, null, null, null, null, null, "content-after-trailer"));
                continue;
            }
            switch (kind(node)) {
                case "seal" -> seal(node, line);
                case "refusal" ->
                    refusals.add(new Problem(
                            line,
                            node.path("globalIndex").asLong(),
                            null,
                            null,
                            null,
                            null,
                            node.path("reason").asString("event-unauthenticated")));
                case "event" -> event(node, line);
                case "trailer" -> {
                    if (v2()) {
                        trailer = node;
                        trailerLine = line;
                    } else {
                        problems.add(new Problem(line, null, null, null, null, null, "malformed-line"));
                    }
                }
                default -> problems.add(new Problem(line, null, null, null, null, null, "malformed-line"));
            }
        }
        closeSealsBefore(Long.MAX_VALUE);
        checkRefusals();
        checkAnchor(line);
        Trailer proved = v2() ? checkTrailer(line) : Trailer.NONE;
        long uncovered = uncovered();
        if (proved != Trailer.VERIFIED
                && uncovered > 0
                && !options.allowUnsealed()
                && (proved == Trailer.NONE || problems.isEmpty())) {
            problems.add(new Problem(line, null, null, null, null, null, "events-not-covered"));
        }
        return result(proved);
    }

    private boolean v2() {
        return "tally-export-v2".equals(format);
    }

    /** Events in the export that no seal held whole covers. */
    private long uncovered() {
        return events - coveredBySeals;
    }

    /**
     * The trailer must be there (a file cut short has none), signed by the export key over its own
     * fields, agree with the header, and hold the count and Merkle root of the events and the seals
     * the file holds.
     */
    private Trailer checkTrailer(long lastLine) {
        if (trailer == null) {
            problems.add(new Problem(lastLine, null, null, null, null, null, "trailer-missing"));
            return Trailer.MISSING;
        }
        StringBuilder canonical = new StringBuilder("tally-export-trailer-v2\n");
        for (String field : TRAILER_FIELDS) {
            canonical.append(Objects.toString(text(trailer, field), "")).append('\n');
        }
        if (options.exportKey() == null) {
            problems.add(new Problem(trailerLine, null, null, null, null, null, "export-key-missing"));
            return Trailer.INVALID;
        }
        if (!signed(options.exportKey(), canonical.toString(), text(trailer, "signature"))) {
            problems.add(new Problem(trailerLine, null, null, null, null, null, "trailer-signature-invalid"));
            return Trailer.INVALID;
        }
        int before = problems.size();
        for (String field : List.of("exportedAt", "from", "to", "afterGlobalIndex", "toGlobalIndex")) {
            if (!Objects.equals(text(header, field), text(trailer, field))) {
                problems.add(new Problem(1, null, null, null, null, null, "header-altered"));
                break;
            }
        }
        if (trailer.path("eventCount").asLong(-1) != tree.count()
                || !tree.root().equals(text(trailer, "merkleRoot"))) {
            problems.add(new Problem(trailerLine, null, null, null, null, null, "export-events-changed"));
        }
        String lastSeal = seals.isEmpty() ? null : seals.get(seals.size() - 1).hash();
        if (trailer.path("sealCount").asLong(-1) != seals.size()
                || !Objects.equals(lastSeal, text(trailer, "lastSealHash"))) {
            problems.add(new Problem(trailerLine, null, null, null, null, null, "export-seals-changed"));
        }
        return problems.size() == before ? Trailer.VERIFIED : Trailer.INVALID;
    }

    /**
     * The export's seals against what was witnessed outside the database: every witness line (or
     * the one anchor given), not only the newest. One number witnessed with two hashes is
     * {@code witness-conflict}; an exported seal with another hash than its line
     * {@code seal-chain-broken}. A witnessed seal newer than the export's newest is
     * {@code seal-missing} when the export has events after its last seal, or when the export
     * reaches the head (no {@code to}) and the seal was made before it (a line's {@code sealedAt}
     * not after {@code exportedAt}; an anchor an auditor brings is taken as older than the export).
     */
    private void checkAnchor(long lastLine) {
        List<Witnessed> witnessed = options.witness() != null
                ? options.witness()
                : anchor != null ? List.of(new Witnessed(anchor, null)) : List.of();
        if (witnessed.isEmpty()) {
            return;
        }
        long newest = 0;
        Map<Long, Seal> exported = new HashMap<>();
        for (Seal seal : seals) {
            newest = Math.max(newest, seal.number());
            exported.put(seal.number(), seal);
        }
        boolean reachesHead = header != null && blank(text(header, "to"));
        String exportedAt = header == null ? null : text(header, "exportedAt");
        Map<Long, String> first = new HashMap<>();
        boolean missing = false;
        for (Witnessed line : witnessed) {
            Anchor held = line.anchor();
            String earlier = first.putIfAbsent(held.number(), held.hash());
            Seal seal = exported.get(held.number());
            if (earlier != null && !earlier.equals(held.hash())) {
                problems.add(
                        seal != null
                                ? sealProblem(seal, "witness-conflict")
                                : new Problem(lastLine, null, null, null, null, held.number(), "witness-conflict"));
            } else if (seal != null && !seal.hash().equals(held.hash())) {
                problems.add(sealProblem(seal, "seal-chain-broken"));
            } else if (held.number() > newest
                    && !missing
                    && (unsealed > 0
                            || reachesHead
                                    && (line.sealedAt() == null
                                            || exportedAt == null
                                            || line.sealedAt().compareTo(exportedAt) <= 0))) {
                missing = true;
                problems.add(new Problem(lastLine, null, null, null, null, newest + 1, "seal-missing"));
            }
        }
    }

    private Result result() {
        return result(Trailer.MISSING);
    }

    private Result result(Trailer proved) {
        return new Result(
                problems.isEmpty(),
                format,
                events,
                seals.size(),
                sealsChecked,
                sealsPartial,
                unsealed,
                proved,
                proved == Trailer.VERIFIED ? 0 : uncovered(),
                List.copyOf(problems));
    }

    private void seal(JsonNode node, long line) {
        Seal seal = new Seal(
                line,
                node.get("number").asLong(),
                node.get("afterGlobalIndex").asLong(),
                node.get("toGlobalIndex").asLong(),
                node.get("eventCount").asLong(),
                text(node, "merkleRoot"),
                text(node, "previousSealHash"),
                text(node, "sealedAt"),
                text(node, "signature"),
                text(node, "sealHash"),
                node.path("version").asInt(1));
        // v1: the pairwise root over hex hashes; v2: RFC 6962 over (global index, hash) leaves (docs/audit.md)
        String canonical =
                "tally-seal-v" + seal.version() + "\n" + seal.number() + "\n" + seal.after() + "\n" + seal.to() + "\n"
                        + seal.count() + "\n" + seal.root() + "\n" + Objects.toString(seal.previous(), "") + "\n"
                        + seal.sealedAt() + "\n";
        Seal before = seals.isEmpty() ? null : seals.get(seals.size() - 1);
        if (before != null && seal.number() != before.number() + 1) {
            problems.add(sealProblem(seal, "seal-missing"));
        } else if (before != null
                ? !Objects.equals(seal.previous(), before.hash()) || seal.after() != before.to()
                : seal.number() == 1 && !blank(seal.previous())) {
            problems.add(sealProblem(seal, "seal-chain-broken"));
        }
        if (!sha256(canonical + seal.signature() + "\n").equals(seal.hash())) {
            problems.add(sealProblem(seal, "seal-chain-broken"));
        } else if (!signed(key, canonical, seal.signature())) {
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
        String mac = text(node, "mac");
        String eventId = text(node, "eventId");
        // a v2 event (it carries a MAC) has its identifier on the line after the version
        String version = mac != null ? "tally-event-v2\n" + Objects.toString(eventId, "") : "tally-event-v1";
        String canonical = String.join(
                        "\n",
                        version,
                        Objects.toString(type, ""),
                        id,
                        Long.toString(sequence),
                        text(node, "payloadType"),
                        Objects.toString(text(node, "payloadRevision"), ""),
                        text(node, "timestamp"),
                        text(node, "payload"),
                        Objects.toString(text(node, "metadata"), ""),
                        Objects.toString(previous, ""))
                + "\n";
        if (!sha256(canonical).equals(hash)) {
            problems.add(new Problem(line, globalIndex, type, id, sequence, null, "event-altered"));
        } else if (mac == null
                && (authenticatedSeen
                        || globalIndex > header.path("unauthenticatedThrough").asLong(Long.MAX_VALUE))) {
            // no MAC where the service gives every append one: not appended by it (the MAC itself needs
            // the service's key; the seals, signed over MAC-checked events, are what this checks)
            problems.add(new Problem(line, globalIndex, type, id, sequence, null, "event-unauthenticated"));
        }
        authenticatedSeen |= mac != null;
        String aggregate = type + "\n" + id;
        Link last = chains.get(aggregate);
        if (last == null
                ? sequence == 0 && !blank(previous)
                : sequence == last.sequence() + 1 && !Objects.equals(previous, last.hash())) {
            problems.add(new Problem(line, globalIndex, type, id, sequence, null, "chain-link-broken"));
        } else if (last == null ? sequence != 0 && after == -1 : sequence != last.sequence() + 1) {
            problems.add(new Problem(
                    line,
                    globalIndex,
                    type,
                    id,
                    sequence,
                    null,
                    last != null && sequence <= last.sequence() ? "event-out-of-order" : "missing-event"));
        }
        chains.put(aggregate, new Link(sequence, hash));
        // a hash that is none (the event's own check reports it) stands in as one no root can match
        String leaf = hash != null && hash.matches("[0-9a-f]{64}") ? hash : sha256("bad:" + hash);
        tree.add(globalIndex, leaf);

        closeSealsBefore(globalIndex);
        if (nextSeal < seals.size() && globalIndex > seals.get(nextSeal).after()) {
            sealHashes.add(hash);
            sealTree.add(globalIndex, leaf);
        } else {
            unsealed++;
        }
    }

    /**
     * An event the sealer refused (its MAC, which only the service's key can check, was wrong or
     * missing, or its hash did not fit its fields) stands as a problem unless a seal in the export
     * covers it now (the change was put back and the sealer sealed it).
     */
    private void checkRefusals() {
        for (Problem refusal : refusals) {
            boolean sealed = seals.stream()
                    .anyMatch(seal -> seal.after() < refusal.globalIndex() && refusal.globalIndex() <= seal.to());
            if (!sealed) {
                problems.add(refusal);
            }
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
                coveredBySeals += sealHashes.size();
                if (sealHashes.size() != seal.count()
                        || !(seal.version() >= 2 ? sealTree.root() : PairwiseMerkleRoot.of(sealHashes))
                                .equals(seal.root())) {
                    problems.add(sealProblem(seal, "sealed-events-changed"));
                }
            }
            sealHashes.clear();
            sealTree = new LogMerkleTree();
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isEmpty();
    }

    private static Problem sealProblem(Seal seal, String reason) {
        return new Problem(seal.line(), null, null, null, null, seal.number(), reason);
    }

    private static boolean signed(PublicKey key, String canonical, String signature) {
        if (key == null || signature == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(canonical.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static String sha256(String text) {
        return Sha256.hex(text);
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
