package io.tally.axon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The witness is checked line by line, not trusted for its newest line: the play of the insider
 * who deletes the newest seals and lets the sealer re-seal (issue 34, point 1) leaves the witness
 * holding two hashes for one number and a line the database no longer has.
 */
class SealWitnessCheckTest {

    private static final String OLD_11 = EventHashes.sha256("seal 11");
    private static final String OLD_12 = EventHashes.sha256("seal 12");
    private static final String NEW_11 = EventHashes.sha256("seal 11, sealed again over the forgery");
    private static final String NEW_12 = EventHashes.sha256("seal 12, sealed again");
    private static final String TEN = EventHashes.sha256("seal 10");

    @Test
    void everyLineAgreeingWithTheStoredSealsIsNoProblem() {
        assertThat(SealWitness.check(List.of(anchor(10, TEN), anchor(11, OLD_11)), Map.of(10L, TEN, 11L, OLD_11)))
                .isEmpty();
    }

    @Test
    void aResealedRangeWitnessedAgainIsAConflictOnItsNumber() {
        List<SealWitness.Anchor> witnessed = List.of(
                anchor(10, TEN),
                anchor(11, OLD_11),
                anchor(12, OLD_12),
                anchor(11, NEW_11),
                anchor(12, NEW_12),
                anchor(13, EventHashes.sha256("13")));
        // the database agrees with the newest lines: only the full read of the witness tells
        Map<Long, String> rewritten = Map.of(10L, TEN, 11L, NEW_11, 12L, NEW_12, 13L, EventHashes.sha256("13"));

        assertThat(SealWitness.check(witnessed, rewritten)).hasValueSatisfying(problem -> {
            assertThat(problem.anchor().number()).isEqualTo(11);
            assertThat(problem.reason()).isIn("seal-chain-broken", "witness-conflict");
        });
        assertThat(SealWitness.check(witnessed.subList(3, 6), rewritten))
                .as("the newest lines alone pass")
                .isEmpty();
    }

    @Test
    void aWitnessedSealThatIsGoneIsMissingAndOneWithAnotherHashIsBroken() {
        assertThat(SealWitness.check(List.of(anchor(10, TEN), anchor(11, OLD_11)), Map.of(10L, TEN)))
                .hasValueSatisfying(problem -> assertThat(problem.reason()).isEqualTo("seal-missing"));
        assertThat(SealWitness.check(List.of(anchor(10, TEN), anchor(11, OLD_11)), Map.of(10L, TEN, 11L, NEW_11)))
                .hasValueSatisfying(problem -> assertThat(problem.reason()).isEqualTo("seal-chain-broken"));
    }

    @Test
    void theFileWitnessReadsEveryLineAndTellsMissingFromUnreadable(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("seal-witness.log");
        assertThat(FileSealWitness.read(file)).satisfies(absent -> {
            assertThat(absent.available()).isTrue();
            assertThat(absent.present()).isFalse();
        });
        Files.writeString(
                file,
                "11 " + OLD_11 + " 2026-12-06T10:00:00Z\n12 " + OLD_12 + " 2026-12-06T10:00:05Z\n11 " + NEW_11
                        + " 2026-12-06T10:01:00Z\n12 torn");
        SealWitness.Witnessed held = FileSealWitness.read(file);
        assertThat(held.anchors()).extracting(SealWitness.Anchor::sealHash).containsExactly(OLD_11, OLD_12, NEW_11);
        assertThat(held.newest()).hasValue(anchor(12, OLD_12));

        Path directoryInstead = directory.resolve("not-a-file");
        Files.createDirectory(directoryInstead);
        assertThat(FileSealWitness.read(directoryInstead).available())
                .as("a witness that cannot be read")
                .isFalse();
        if (!"root".equals(System.getProperty("user.name"))) { // root reads a file whatever its mode
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
            assertThat(FileSealWitness.read(file).available()).isFalse();
        }
    }

    private static SealWitness.Anchor anchor(long number, String hash) {
        return new SealWitness.Anchor(number, hash);
    }
}
