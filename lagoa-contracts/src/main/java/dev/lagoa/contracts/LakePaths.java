package dev.lagoa.contracts;

/**
 * The lake's one naming convention that writers and readers on every classpath share: a path with any segment
 * starting with {@code _} or {@code .} ({@code _temporary/}, {@code _SUCCESS}, {@code _manifest.json}, {@code .crc},
 * a writer's {@code .name.tmp}) is a writer's own file, never a pipeline's data, and never notifies.
 */
public final class LakePaths {
    private LakePaths() {}

    /** Whether any folder or the file of {@code path} (an object key, or a path relative to a dataset) is hidden. */
    public static boolean isHidden(String path) {
        for (String segment : path.split("/")) {
            if (segment.startsWith("_") || segment.startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
