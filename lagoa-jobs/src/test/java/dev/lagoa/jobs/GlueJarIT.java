package dev.lagoa.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.contracts.JobEntryPoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jar a Glue 5.0 job runs ({@code lagoa-jobs-<version>-glue.jar}), as the build left it: the jobs, the contracts
 * and the lineage listener, nothing that Glue provides (Spark, Scala, Hadoop, Jackson), no signature of a repackaged
 * jar, and no service file naming a provider that is not inside it (a ServiceLoader on Glue's classpath would fail).
 */
class GlueJarIT {
    private static JarFile jar;
    private static Set<String> entries;

    @BeforeAll
    static void open() throws IOException {
        Path path = Path.of(System.getProperty("lagoa.glue.jar"));
        assertThat(path).as("the Glue jar of the package phase").isRegularFile();
        jar = new JarFile(path.toFile());
        entries = new TreeSet<>();
        Collections.list(jar.entries()).forEach(entry -> entries.add(entry.getName()));
    }

    @AfterAll
    static void close() throws IOException {
        jar.close();
    }

    @Test
    void holdsEveryJobTheContractsNameTheContractsAndTheLineageListener() {
        for (JobEntryPoint entryPoint : JobEntryPoint.values()) {
            assertThat(entries).as(entryPoint.name()).contains(entryPoint.mainClass().replace('.', '/') + ".class");
        }
        assertThat(entries).contains("dev/lagoa/contracts/JobEntryPoint.class",
                "io/openlineage/spark/agent/OpenLineageSparkListener.class");
    }

    @Test
    void bringsNothingGlueProvides() {
        assertThat(entries).noneMatch(name -> name.startsWith("org/apache/spark/") || name.startsWith("scala/")
                || name.startsWith("org/apache/hadoop/") || name.startsWith("com/fasterxml/jackson/"));
    }

    @Test
    void relocatesMicrometerAndCarriesNoSignature() {
        assertThat(entries).noneMatch(name -> name.startsWith("io/micrometer/"));
        assertThat(entries).anyMatch(name -> name.startsWith("dev/lagoa/jobs/shaded/io/micrometer/"));
        assertThat(entries).noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
    }

    @Test
    void everyServiceProviderIsInsideTheJar() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String name : entries) {
            if (!name.startsWith("META-INF/services/") || name.endsWith("/")) {
                continue;
            }
            for (String provider : providers(jar.getJarEntry(name))) {
                if (!entries.contains(provider.replace('.', '/') + ".class")) {
                    missing.add(name + ": " + provider);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    private static List<String> providers(JarEntry entry) throws IOException {
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceAll("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .toList();
        }
    }
}
