package dev.lagoa.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.contracts.TaskEntryPoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control plane's container image as {@code jib:buildTar} writes it in the build ({@code target/jib-image.tar}, on
 * an empty base image so that no registry is needed): what the ECS tasks rely on, its entrypoint and default command,
 * a user that is not root, the working directory, the JVM's memory setting, and the CLI's classpath in its layers.
 * {@code jib:build} pushes the same configuration on the Corretto base image.
 */
class RunnerImageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = System.getProperty("lagoa.version", "0.1.0-SNAPSHOT");

    private static JsonNode config;
    private static final Map<String, Entry> FILES = new LinkedHashMap<>();

    /** One file or folder of the image's layers: its mode, and its bytes when it is small. */
    record Entry(String name, int mode, byte[] content) {}

    @BeforeAll
    static void readImage() throws IOException {
        Path tar = Path.of(System.getProperty("lagoa.image.tar"));
        assertThat(tar).as("the image tar of the pre-integration-test phase").isRegularFile();
        Map<String, byte[]> small = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(tar)) {
            readTar(in, (name, mode, content) -> {
                if (name.endsWith(".tar.gz")) {
                    // a layer: its files, read as they stream by (the dependencies' layer is hundreds of MB)
                    readTar(new GZIPInputStream(content), (file, fileMode, fileContent) -> FILES.put(file,
                            new Entry(file, fileMode, file.equals("app/jib-classpath-file") ? fileContent.readAllBytes() : null)));
                } else {
                    small.put(name, content.readAllBytes());
                }
            });
        }
        JsonNode manifest = JSON.readTree(small.get("manifest.json")).get(0);
        config = JSON.readTree(small.get(manifest.get("Config").asText())).get("config");
        assertThat(manifest.get("Layers")).isNotEmpty();
    }

    @Test
    void theEntrypointIsJavaOnTheClasspathAndTheCommandNamesTheMainClass() {
        assertThat(strings(config.get("Entrypoint"))).containsExactly("java", "-cp", "@/app/jib-classpath-file");
        assertThat(strings(config.get("Cmd"))).containsExactly(TaskEntryPoint.LAGOA_CLI.mainClass(), "--help");
    }

    @Test
    void runsAsAUserThatIsNotRootInTheWorkspace() {
        String user = config.get("User").asText();
        assertThat(user).isNotBlank().doesNotStartWith("0").isNotEqualTo("root");
        assertThat(config.get("WorkingDir").asText()).isEqualTo("/workspace");
        assertThat(FILES.get("workspace/").mode() & 0777).as("the task's user writes its workspace").isEqualTo(0777);
        assertThat(strings(config.get("Env"))).contains("LAGOA_HOME=/workspace/.lagoa")
                .anyMatch(variable -> variable.startsWith("JAVA_TOOL_OPTIONS=") && variable.contains("-XX:MaxRAMPercentage=75"));
    }

    @Test
    void theLayersHoldTheCliAndItsRuntimeClasspathWithoutSpark() {
        assertThat(FILES).containsKeys("app/classpath/lagoa-cli-" + VERSION + ".jar", "app/libs/lagoa-contracts-" + VERSION + ".jar",
                "app/libs/lagoa-publisher-" + VERSION + ".jar", "app/libs/picocli-4.7.6.jar");
        List<String> classpath = List.of(new String(FILES.get("app/jib-classpath-file").content(), UTF_8).strip().split(":"));
        assertThat(classpath).contains("/app/classpath/*", "/app/libs/lagoa-contracts-" + VERSION + ".jar");
        for (String element : classpath) {
            if (!element.endsWith("/*")) {
                assertThat(FILES).as("classpath element " + element).containsKey(element.substring(1));
            }
        }
        assertThat(FILES.keySet()).noneMatch(name -> name.startsWith("app/libs/spark-") || name.contains("_2.12") || name.contains("_2.13"));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** What is done with each entry of a tar: its name, mode and content (readable only during the call). */
    interface EntryVisitor {
        void visit(String name, int mode, InputStream content) throws IOException;
    }

    /** Reads a POSIX tar as Jib writes it (ustar headers, PAX extended headers) and visits each entry in turn. */
    private static void readTar(InputStream in, EntryVisitor visitor) throws IOException {
        byte[] header = new byte[512];
        String paxPath = null;
        while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
            String name = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = Long.parseLong(field(header, 124, 12).strip(), 8);
            int mode = Integer.parseInt(field(header, 100, 8).strip(), 8);
            char type = (char) header[156];
            BoundedInputStream content = new BoundedInputStream(in, size);
            if (type == 'x') {
                paxPath = paxPath(new String(content.readAllBytes(), UTF_8));
            } else {
                visitor.visit(paxPath == null ? name : paxPath, mode, content);
                paxPath = null;
            }
            content.skipNBytes(content.remaining);
            in.skipNBytes((512 - size % 512) % 512);
        }
    }

    /** The next {@code remaining} bytes of a stream, which it does not close. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int value = in.read();
            if (value >= 0) {
                remaining--;
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int read = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (read > 0) {
                remaining -= read;
            }
            return read;
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, UTF_8);
    }

    /** The {@code path} record of a PAX extended header ({@code "<length> path=<name>\n"}), or null. */
    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }
}
