package dev.lagoa.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deleting the local runner's scratch files: what cannot be deleted is logged and left. */
final class LocalFiles {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFiles.class);

    private LocalFiles() {}

    /** Deletes {@code root} and everything under it, if it exists. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(LocalFiles::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", root, e.getMessage());
        }
    }

    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("Cannot delete {}: {}", path, e.getMessage());
        }
    }
}
