package io.tally.e2e;

import io.tally.tools.audit.ExportVerifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The export of the running system's log verifies offline with the seal public key alone; each
 * kind of tampering with the file is reported at the line and event where it was done.
 */
class AuditExportEndToEndTest {

    private static RunningSystem system;
    private static List<String> export;
    private static PublicKey sealKey;
    private static String sku;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
        sealKey = ExportVerifier.publicKey(system.stores.tokens().sealKeyFiles()[1]);
        sku = "EXPORT-" + UUID.randomUUID().toString().substring(0, 8);
        system.stock(sku, 100, 0, 5);
        system.command("POST", "/api/inventory/" + sku + "/receipts", "{\"quantity\":3}");
        system.command("POST", "/api/inventory/" + sku + "/receipts", "{\"quantity\":4}");
        long lastIndex = lines(stream()).get(3).get("globalIndex").asLong();
        export = await().alias("the item's events are sealed").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> export(""), lines -> lastSealedIndex(lines) >= lastIndex);
    }

    @Test
    void theWholeExportVerifiesWithTheSealKey() throws Exception {
        ExportVerifier.Result result = verify(export, sealKey);
        assertThat(result.problems()).isEmpty();
        assertThat(result.verified()).isTrue();
        assertThat(result.sealsChecked()).isPositive();
        // a seal closed between the export's bounds and its seal query may reach past the last event
        assertThat(result.sealsPartial()).isLessThanOrEqualTo(1);
        assertThat(result.events()).isEqualTo(export.stream().filter(l -> l.contains("\"kind\":\"event\"")).count());
    }

    @Test
    void aPartOfTheLogExportedByTimeVerifiesToo() throws Exception {
        JsonNode second = lines(stream()).get(1);
        List<String> part = export("?from=" + second.get("timestamp").asString());
        ExportVerifier.Result result = verify(part, sealKey);
        assertThat(result.problems()).isEmpty();
        assertThat(result.events()).isPositive().isLessThan(verify(export, sealKey).events());
        assertThat(system.query("/api/audit/export?from=yesterday", "AUDITOR").statusCode()).isEqualTo(400);
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
        tampered.removeIf(line -> line.contains("\"kind\":\"event\"") && line.contains("\"aggregateId\":\"" + sku + "\""));
        ExportVerifier.Result result = verify(tampered, sealKey);
        assertThat(result.verified()).isFalse();
        assertThat(result.problems()).extracting(ExportVerifier.Problem::reason).containsOnly("sealed-events-changed");
        assertThat(result.problems().get(0).seal()).isNotNull();
    }

    @Test
    void aSealResignedWithoutTheKeyOrCheckedWithAnotherKeyFails() throws Exception {
        List<String> tampered = new ArrayList<>(export);
        int line = 1;
        ObjectNode seal = (ObjectNode) RunningSystem.JSON.readTree(tampered.get(line));
        seal.put("merkleRoot", "0".repeat(64));
        tampered.set(line, seal.toString());
        assertThat(verify(tampered, sealKey).problems()).extracting(ExportVerifier.Problem::reason)
                                                        .contains("seal-chain-broken");
        PublicKey stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        ExportVerifier.Result result = verify(export, stranger);
        assertThat(result.problems()).isNotEmpty();
        assertThat(result.problems()).extracting(ExportVerifier.Problem::reason).containsOnly("seal-signature-invalid");
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
        return ExportVerifier.verify(new BufferedReader(new StringReader(String.join("\n", lines))), key);
    }

    /** The index in {@code lines} of the item's event with that sequence. */
    private static int lineOf(List<String> lines, String aggregateId, long sequence) {
        for (int i = 0; i < lines.size(); i++) {
            JsonNode node = RunningSystem.JSON.readTree(lines.get(i));
            if ("event".equals(node.get("kind").asString()) && aggregateId.equals(node.get("aggregateId").asString())
                    && node.get("sequence").asLong() == sequence) {
                return i;
            }
        }
        throw new AssertionError(aggregateId + " #" + sequence + " is not in the export");
    }

    private static List<String> export(String query) throws Exception {
        HttpResponse<String> response = system.query("/api/audit/export" + query, "AUDITOR");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/x-ndjson"));
        List<String> lines = response.body().lines().toList();
        assertThat(RunningSystem.JSON.readTree(lines.get(0)).get("format").asString()).isEqualTo("tally-export-v1");
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
