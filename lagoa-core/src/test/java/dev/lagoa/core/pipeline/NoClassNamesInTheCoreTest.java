package dev.lagoa.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core names the code it runs through the contracts' typed constants (whose every value a test of the jobs, the
 * functions or the CLI resolves), never through a class name in a string that no test would notice going stale.
 */
class NoClassNamesInTheCoreTest {
    private static final Pattern CLASS_NAME_LITERAL = Pattern.compile("\"dev\\.lagoa\\.");

    @Test
    void noStringLiteralOfTheCoreNamesAClassOfLagoa() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int line = 0; line < lines.size(); line++) {
                    if (CLASS_NAME_LITERAL.matcher(lines.get(line)).find()) {
                        offenders.add(file + ":" + (line + 1) + ": " + lines.get(line).strip());
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }
}
