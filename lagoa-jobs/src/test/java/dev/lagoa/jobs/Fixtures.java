package dev.lagoa.jobs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The recorded API responses under {@code src/test/resources/fixtures}, and writing bronze files from them. */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Fixtures() {}

    public static Path folder() {
        return Path.of(System.getProperty("lagoa.fixtures", "src/test/resources/fixtures"));
    }

    /** A fixture's JSON, numbers with decimals as {@link java.math.BigDecimal}s, so that none is rounded. */
    public static JsonNode json(String relativePath) {
        try {
            return JSON.readTree(folder().resolve(relativePath).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the rows as one Parquet file at {@code file}, as the bronze writer does. */
    public static Path writeParquet(Dataset<Row> rows, Path file) {
        try {
            Path scratch = Files.createTempDirectory(Files.createDirectories(file.toAbsolutePath().getParent()), ".scratch");
            Path output = scratch.resolve("out");
            rows.coalesce(1).write().parquet(output.toString());
            Path part;
            try (Stream<Path> files = Files.list(output)) {
                part = files.filter(path -> path.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
            }
            Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            deleteRecursively(scratch);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
