package dev.lagoa.cli;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The composition root stays the one place that knows the adapters, and stays small. */
class CompositionRootTest {
    private static final JavaClasses CLI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.lagoa.cli");

    @Test
    void onlyTheRuntimeAndTheLocalPlatformNameAdapters() {
        noClasses().that().resideInAPackage("dev.lagoa.cli..").and(not(belongToAnyOf(LagoaRuntime.class, LocalPlatform.class, AwsWiring.class)))
                .should().dependOnClassesThat().resideInAnyPackage("dev.lagoa.local..", "dev.lagoa.aws..", "dev.lagoa.kafka..", "org.apache.kafka..")
                .check(CLI);
    }

    @Test
    void theRuntimeIsUnder250LinesAndNoSourceFileOver500() throws IOException {
        Path sources = Path.of("src", "main", "java", "dev", "lagoa", "cli");

        assertThat(Files.readAllLines(sources.resolve("LagoaRuntime.java"))).hasSizeLessThan(250);
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                assertThat(Files.readAllLines(file)).as(file.toString()).hasSizeLessThanOrEqualTo(500);
            }
        }
    }
}
