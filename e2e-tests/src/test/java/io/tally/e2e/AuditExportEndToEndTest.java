package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tally.tools.audit.ExportVerifier;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The export of the running system's log verifies offline with the two public keys alone; each
 * kind of tampering with the file is reported at the line and event where it was done, and the
 * signed trailer catches what no seal covers yet: an edit, drop, reorder or cut of the unsealed tail
 * made by someone who recomputed every hash and chain link in it.
 */
class AuditExportEndToEndTest {

    private static RunningSystem system;
    private static List<String> export;
    private static PublicKey sealKey;
    private static PublicKey exportKey;
    private static String sku;
    private static List<String> tail;
    private static String tailA;
    private static String tailB;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
        sealKey = ExportVerifier.publicKey(system.stores.tokens().sealKeyFiles()[1]);
        exportKey = ExportVerifier.publicKey(system.stores.tokens().exportKeyFiles()[1]);
        sku = "EXPORT-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 100, 0, 5);
        system.command("POST", "/api/inventory/" + sku + "/receipts", "{\"quantity\":3}");
        system.command("POST", "/api/inventory/" + sku + "/receipts", "{\"quantity\":4}");
        long lastIndex = lines(stream()).get(3).get("globalIndex").asLong();
        export = await().alias("the item's events are sealed")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> export(""), lines -> lastSealedIndex(lines) >= lastIndex);
        // events younger than the 5 s settle delay: no seal can cover them yet, only the trailer
        // (A #0, B #0, A #1: two streams interleaved)
        tailA = "TAIL-A-" + UUID.randomUUID().toString().substring(0, 8);
        tailB = "TAIL-B-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(tailA, 100, 0, 0);
        system.stock(tailB, 100, 0, 0);
        system.command("POST", "/api/inventory/" + tailA + "/receipts", "{\"quantity\":4}");
        tail = export("");
    }

    @Test
    void theWholeExportVerifiesWithTheSealKey() throws Exception {
        ExportVerifier.Result result = verify(export, sealKey);
        assertThat(result.problems()).isEmpty();
        assertThat(result.verified()).isTrue();
        assertThat(result.sealsChecked()).isPositive();
        // a seal closed between the export's bounds and its seal query may reach past the last event
        assertThat(result.sealsPartial()).isLessThanOrEqualTo(1);
        assertThat(result.events())
                .isEqualTo(export.stream()
                        .filter(l -> l.contains("\"kind\":\"event\""))
                        .count());
    }

    @Test
    void aPartOfTheLogExportedByTimeVerifiesToo() throws Exception {
        JsonNode second = lines(stream()).get(1);
        List<String> part = export("?from=" + second.get("timestamp").asString());
        ExportVerifier.Result result = verify(part, sealKey);
        assertThat(result.problems()).isEmpty();
        assertThat(result.events())
                .isPositive()
                .isLessThan(verify(export(""), sealKey).events());
        assertThat(system.query("/api/audit/export?from=yesterday", "AUDITOR").statusCode())
                .isEqualTo(400);
        assertThat(system.query("/api/audit/export", "ANALYST").statusCode()).isEqualTo(403);
    }

    @Test
    void anEditedPayloadIsReportedAtItsEvent() throws Exception {
        List<String> tampered = new ArrayList<>(export);
        int line = lineOf(tampered, sku, 2);
        ObjectNode event = (ObjectNode) RunningSystem.JSON.readTree(tampered.get(line));
        String payload = event.get("payload").asString();
        assertThat(payload).contains("\"quantity\":3");
        event.put("payload", payload.replace("\"quantity\":3", "\"quantity\":300"));
        tampered.set(line, event.toString());
        assertFirstProblem(tampered, line, "event-altered", 2);
    }

    @Test
    void aDeletedEventIsReportedAtTheNextEventOfItsStreamAndItsSeal() throws Exception {
        List<String> tampered = new ArrayList<>(export);
        int line = lineOf(tampered, sku, 1);
        tampered.remove(line);
        ExportVerifier.Result result = verify(tampered, sealKey);
        assertThat(result.verified()).isFalse();
        ExportVerifier.Problem problem = result.problems().get(0);
        assertThat(problem.reason()).isEqualTo("missing-event");
        assertThat(problem.aggregateId()).isEqualTo(sku);
        assertThat(problem.sequence()).isEqualTo(2);
        assertThat(result.problems()).extracting(ExportVerifier.Problem::reason).contains("sealed-events-changed");
    }

    @Test
    void twoSwappedEventsAreReportedWhereTheOrderBreaks() throws Exception {
        List<String> tampered = new ArrayList<>(export);
        int first = lineOf(tampered, sku, 1);
        int second = lineOf(tampered, sku, 2);
        String swap = tampered.get(first);
        tampered.set(first, tampered.get(second));
        tampered.set(second, swap);
        ExportVerifier.Result result = verify(tampered, sealKey);
        assertThat(result.verified()).isFalse();
        ExportVerifier.Problem problem = result.problems().get(0);
        assertThat(problem.line()).isEqualTo(first + 1);
        assertThat(problem.aggregateId()).isEqualTo(sku);
        assertThat(problem.sequence()).isEqualTo(2);
    }

    @Test
    void aDeletedStreamIsReportedByItsSeal() throws Exception {
        List<String> tampered = new ArrayList<>(export);
        tampered.removeIf(
                line -> line.contains("\"kind\":\"event\"") && line.contains("\"aggregateId\":\"" + sku + "\""));
        ExportVerifier.Result result = verify(tampered, sealKey);
        assertThat(result.verified()).isFalse();
        assertThat(result.problems())
                .extracting(ExportVerifier.Problem::reason)
                .containsOnly("sealed-events-changed", "export-events-changed")
                .contains("sealed-events-changed", "export-events-changed");
        assertThat(result.problems().get(0).seal()).isNotNull();
    }

    @Test
    void aSealResignedWithoutTheKeyOrCheckedWithAnotherKeyFails() throws Exception {
        List<String> tampered = new ArrayList<>(export);
        int line = 1;
        ObjectNode seal = (ObjectNode) RunningSystem.JSON.readTree(tampered.get(line));
        seal.put("merkleRoot", "0".repeat(64));
        tampered.set(line, seal.toString());
        assertThat(verify(tampered, sealKey).problems())
                .extracting(ExportVerifier.Problem::reason)
                .contains("seal-chain-broken");
        PublicKey stranger =
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        ExportVerifier.Result result = verify(export, stranger);
        assertThat(result.problems()).isNotEmpty();
        assertThat(result.problems()).extracting(ExportVerifier.Problem::reason).containsOnly("seal-signature-invalid");
        // the seal key is not the export key: neither signs for the other
        assertThat(ExportVerifier.verify(reader(export), sealKey, sealKey).problems())
                .extracting(ExportVerifier.Problem::reason)
                .containsExactly("trailer-signature-invalid");
        assertThat(ExportVerifier.verify(reader(export), sealKey, null).problems())
                .extracting(ExportVerifier.Problem::reason)
                .containsExactly("export-key-missing");
    }

    @Test
    void theUnsealedTailIsCoveredByTheTrailer() throws Exception {
        ExportVerifier.Result result = verify(tail, sealKey);
        assertThat(result.problems()).isEmpty();
        assertThat(result.unsealed())
                .as("the tail's events are younger than any seal")
                .isGreaterThanOrEqualTo(3);
        assertThat(result.trailer()).isEqualTo(ExportVerifier.Trailer.VERIFIED);
        assertThat(result.uncovered()).isZero();
        assertThat(result.format()).isEqualTo("tally-export-v2");
    }

    @Test
    void aDroppedUnsealedEventIsCaughtByTheTrailer() throws Exception {
        List<String> tampered = new ArrayList<>(tail);
        tampered.remove(lineOf(tampered, tailA, 1)); // its stream's last event: no later link to break
        assertOnlyProblemAtTrailer(tampered, "export-events-changed");
    }

    @Test
    void anUnsealedEventEditedWithItsHashRecomputedIsCaughtByTheTrailer() throws Exception {
        List<String> tampered = new ArrayList<>(tail);
        int last = lineOf(tampered, tailA, 1);
        ObjectNode event = (ObjectNode) RunningSystem.JSON.readTree(tampered.get(last));
        event.put("payload", event.get("payload").asString().replace("\"quantity\":4", "\"quantity\":400"));
        assertThat(event.get("payload").asString()).contains("400");
        event.put("hash", rehash(event));
        tampered.set(last, event.toString());
        assertOnlyProblemAtTrailer(tampered, "export-events-changed");
    }

    @Test
    void twoUnsealedEventsSwappedWithTheirIndexesRenumberedAreCaughtByTheTrailer() throws Exception {
        List<String> tampered = new ArrayList<>(tail);
        int before = lineOf(tampered, tailB, 0);
        int last = lineOf(tampered, tailA, 1);
        ObjectNode second = (ObjectNode) RunningSystem.JSON.readTree(tampered.get(last));
        ObjectNode first = (ObjectNode) RunningSystem.JSON.readTree(tampered.get(before));
        // of two streams, each stream's chain still holds and the global indexes still rise
        long firstIndex = first.get("globalIndex").asLong();
        first.put("globalIndex", second.get("globalIndex").asLong());
        second.put("globalIndex", firstIndex);
        tampered.set(before, second.toString());
        tampered.set(last, first.toString());
        assertOnlyProblemAtTrailer(tampered, "export-events-changed");
    }

    @Test
    void anExportCutShortHasNoTrailer() throws Exception {
        List<String> cut = new ArrayList<>(tail.subList(0, lineOf(tail, tailA, 1)));
        ExportVerifier.Result result = verify(cut, sealKey);
        assertThat(result.verified()).isFalse();
        assertThat(result.trailer()).isEqualTo(ExportVerifier.Trailer.MISSING);
        assertThat(result.problems()).extracting(ExportVerifier.Problem::reason).containsExactly("trailer-missing");
        assertThat(result.problems().get(0).line()).isEqualTo(cut.size());
    }

    @Test
    void anExportPassedOffAsTheOldFormatFailsOnItsUnsealedEventsUnlessAllowed() throws Exception {
        List<String> downgraded = new ArrayList<>(tail.subList(0, tail.size() - 1));
        ObjectNode header = (ObjectNode) RunningSystem.JSON.readTree(downgraded.get(0));
        header.put("format", "tally-export-v1");
        downgraded.set(0, header.toString());
        ExportVerifier.Result refused = verify(downgraded, sealKey);
        assertThat(refused.verified()).isFalse();
        assertThat(refused.trailer()).isEqualTo(ExportVerifier.Trailer.NONE);
        assertThat(refused.problems())
                .extracting(ExportVerifier.Problem::reason)
                .containsExactly("events-not-covered");
        assertThat(refused.uncovered()).isGreaterThanOrEqualTo(3);
        ExportVerifier.Result allowed =
                ExportVerifier.verify(reader(downgraded), new ExportVerifier.Options(sealKey, exportKey, null, true));
        assertThat(allowed.verified()).isTrue();
        assertThat(allowed.uncovered()).isEqualTo(refused.uncovered());
    }

    @Test
    void aNarrowedHeaderOrAForgedTrailerIsCaught() throws Exception {
        List<String> narrowed = new ArrayList<>(tail);
        ObjectNode header = (ObjectNode) RunningSystem.JSON.readTree(narrowed.get(0));
        header.put("afterGlobalIndex", header.get("afterGlobalIndex").asLong() + 1);
        narrowed.set(0, header.toString());
        assertThat(verify(narrowed, sealKey).problems()).anySatisfy(problem -> {
            assertThat(problem.reason()).isEqualTo("header-altered");
            assertThat(problem.line()).isEqualTo(1);
        });
        List<String> forged = new ArrayList<>(tail);
        ObjectNode trailer = (ObjectNode) RunningSystem.JSON.readTree(forged.get(forged.size() - 1));
        trailer.put("eventCount", trailer.get("eventCount").asLong() - 1);
        forged.set(forged.size() - 1, trailer.toString());
        assertOnlyProblemAtTrailer(forged, "trailer-signature-invalid");
        List<String> appended = new ArrayList<>(tail);
        appended.add(tail.get(tail.size() - 2));
        assertThat(verify(appended, sealKey).problems())
                .extracting(ExportVerifier.Problem::reason)
                .containsExactly("content-after-trailer");
    }

    private static void assertOnlyProblemAtTrailer(List<String> tampered, String reason) throws Exception {
        ExportVerifier.Result result = verify(tampered, sealKey);
        assertThat(result.verified()).isFalse();
        assertThat(result.problems()).extracting(ExportVerifier.Problem::reason).containsExactly(reason);
        assertThat(result.problems().get(0).line()).isEqualTo(tampered.size());
    }

    /** An event's hash as docs/audit.md defines it, as an attacker covering an edit would recompute it. */
    private static String rehash(JsonNode event) throws Exception {
        String version = event.hasNonNull("mac")
                ? "tally-event-v2\n" + event.get("eventId").asString()
                : "tally-event-v1";
        String canonical = String.join(
                        "\n",
                        version,
                        event.get("aggregateType").asString(),
                        event.get("aggregateId").asString(),
                        event.get("sequence").asString(),
                        event.get("payloadType").asString(),
                        text(event, "payloadRevision"),
                        event.get("timestamp").asString(),
                        event.get("payload").asString(),
                        text(event, "metadata"),
                        text(event, "previousHash"))
                + "\n";
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }

    private static BufferedReader reader(List<String> lines) {
        return new BufferedReader(new StringReader(String.join("\n", lines)));
    }

    private static void assertFirstProblem(List<String> tampered, int line, String reason, long sequence)
            throws Exception {
        ExportVerifier.Result result = verify(tampered, sealKey);
        assertThat(result.verified()).isFalse();
        ExportVerifier.Problem problem = result.problems().get(0);
        assertThat(problem.reason()).isEqualTo(reason);
        assertThat(problem.line()).isEqualTo(line + 1);
        assertThat(problem.aggregateId()).isEqualTo(sku);
        assertThat(problem.sequence()).isEqualTo(sequence);
    }

    private static ExportVerifier.Result verify(List<String> lines, PublicKey key) throws Exception {
        return ExportVerifier.verify(reader(lines), key, exportKey);
    }

    /** The index in {@code lines} of the item's event with that sequence. */
    private static int lineOf(List<String> lines, String aggregateId, long sequence) {
        for (int i = 0; i < lines.size(); i++) {
            JsonNode node = RunningSystem.JSON.readTree(lines.get(i));
            if ("event".equals(node.get("kind").asString())
                    && aggregateId.equals(node.get("aggregateId").asString())
                    && node.get("sequence").asLong() == sequence) {
                return i;
            }
        }
        throw new AssertionError(aggregateId + " #" + sequence + " is not in the export");
    }

    private static List<String> export(String query) throws Exception {
        HttpResponse<String> response = system.query("/api/audit/export" + query, "AUDITOR");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/x-ndjson"));
        List<String> lines = response.body().lines().toList();
        assertThat(RunningSystem.JSON.readTree(lines.get(0)).get("format").asString())
                .isEqualTo("tally-export-v2");
        return lines;
    }

    private static long lastSealedIndex(List<String> lines) {
        long last = -1;
        for (String line : lines) {
            JsonNode node = RunningSystem.JSON.readTree(line);
            if ("seal".equals(node.get("kind").asString())) {
                last = Math.max(last, node.get("toGlobalIndex").asLong());
            }
        }
        return last;
    }

    private static String stream() throws Exception {
        return system.query("/api/audit/streams/inventory/" + sku, "AUDITOR").body();
    }

    private static List<JsonNode> lines(String json) {
        List<JsonNode> nodes = new ArrayList<>();
        RunningSystem.JSON.readTree(json).forEach(nodes::add);
        return nodes;
    }
}
