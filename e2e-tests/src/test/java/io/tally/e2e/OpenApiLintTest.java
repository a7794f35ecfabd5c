package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Lint in the build (issue 35): Redocly CLI's recommended rules over both checked-in documents,
 * with docs/openapi/redocly.yaml. {@code ./tally test} installs {@code @redocly/cli} from npm (as it
 * installs Chromium) and names it in {@code TALLY_REDOCLY}; without it this test fails, it does not
 * skip. No error and no warning may be left.
 */
class OpenApiLintTest {

    @Test
    void bothDocumentsPassRedoclysRecommendedRulesWithoutAWarning() throws Exception {
        String redocly = System.getenv("TALLY_REDOCLY");
        assertThat(redocly)
                .as("TALLY_REDOCLY: Redocly CLI, installed by ./tally test")
                .isNotBlank();
        assertThat(Path.of(redocly)).as("Redocly CLI").isExecutable();
        Path documents = Path.of("..", "docs", "openapi");
        Process lint = new ProcessBuilder(List.of(
                        redocly,
                        "lint",
                        "--config",
                        documents.resolve("redocly.yaml").toString(),
                        documents.resolve("command-side.json").toString(),
                        documents.resolve("query-side.json").toString()))
                .redirectErrorStream(true)
                .start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(120, TimeUnit.SECONDS)).as("redocly lint ends").isTrue();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "redocly-lint.txt"), output);
        System.out.println("redocly lint: "
                + output.lines()
                        .filter(line ->
                                line.contains("Woohoo") || line.contains("You have") || line.contains("validated in"))
                        .toList());
        assertThat(lint.exitValue()).as(output).isZero();
        assertThat(output)
                .as(output)
                .contains("Your API descriptions are valid")
                .doesNotContainPattern("You have \\d+ warnings?")
                .doesNotContainPattern("\\d+ errors?");
    }
}
