package dev.lagoa.jobs;

import static java.util.Objects.requireNonNull;

import dev.lagoa.contracts.LakePaths;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The file system that serves a job's input or output, with its files named as people know them ({@link
 * LakeLocations}): what the jobs check, list and write outside Spark's own readers and writers. Storage failures
 * name the location.
 */
public final class LakeFiles {
    private final FileSystem fileSystem;
    private final LakeLocations locations;

    private LakeFiles(FileSystem fileSystem, LakeLocations locations) {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.locations = requireNonNull(locations, "locations is null");
    }

    /**
     * The file system that serves {@code path}.
     *
     * @throws JobFailure when there is none for its scheme, or it cannot be reached
     */
    public static LakeFiles of(Path path, Configuration hadoop, LakeLocations locations) {
        try {
            return new LakeFiles(path.getFileSystem(hadoop), locations);
        } catch (IOException e) {
            throw new JobFailure("Cannot access " + locations.display(path.toString()) + ": " + e.getMessage(), e);
        }
    }

    public FileSystem fileSystem() {
        return fileSystem;
    }

    public LakeLocations locations() {
        return locations;
    }

    /** A file or folder as people name it: {@code s3://lagoa-b3/raw/2022-12-08/dados_originais.parquet}. */
    public String show(Path path) {
        return locations.display(fileSystem.makeQualified(path).toString());
    }

    /** A folder as people name it, ending with a slash: {@code s3://lagoa-b3/refined/ativos/}. */
    public String showFolder(Path path) {
        String qualified = fileSystem.makeQualified(path).toString();
        // the slash goes in before the display: the lake's root itself is only recognised with it
        return locations.display(qualified.endsWith("/") ? qualified : qualified + "/");
    }

    /** @throws JobFailure naming the path when storage cannot tell */
    public boolean exists(Path path) {
        try {
            return fileSystem.exists(path);
        } catch (IOException e) {
            throw new JobFailure("Cannot read " + show(path) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The data files under {@code root}, at any depth, in listing order; a root that is a file is its own only data
     * file. What writers leave beside their data ({@code _SUCCESS}, {@code _temporary/}, {@code .crc}: any file with a
     * name under the root that starts with {@code _} or {@code .}) is not data.
     *
     * @throws java.io.FileNotFoundException when {@code root} does not exist
     */
    public List<FileStatus> dataFiles(Path root) throws IOException {
        FileStatus status = fileSystem.getFileStatus(root);
        if (status.isFile()) {
            return List.of(status);
        }
        String rootPath = status.getPath().toUri().getPath();
        List<FileStatus> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> listing = fileSystem.listFiles(root, true);
        while (listing.hasNext()) {
            LocatedFileStatus file = listing.next();
            if (!LakePaths.isHidden(file.getPath().toUri().getPath().substring(rootPath.length()))) {
                files.add(file);
            }
        }
        return files;
    }

    /**
     * Writes {@code content} as the file {@code target}, in place of an earlier one: to a hidden temporary file beside
     * it first, then renamed, so that a reader of the folder sees the whole file or none.
     */
    public void writeWhole(Path target, byte[] content) throws IOException {
        Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp");
        fileSystem.mkdirs(target.getParent());
        try (OutputStream out = fileSystem.create(temporary, true)) {
            out.write(content);
        }
        if (fileSystem.exists(target)) {
            fileSystem.delete(target, false); // a rename does not overwrite
        }
        if (!fileSystem.rename(temporary, target)) {
            throw new IOException("cannot rename " + temporary + " to " + target);
        }
    }

    /**
     * What keeps a dataset's schema from holding the columns a job reads: each expected column that is missing
     * ({@code cod is missing}) or of another type ({@code part is int, not string}), in the expected columns' order.
     */
    public static List<String> schemaProblems(StructType schema, Map<String, DataType> expected) {
        Map<String, DataType> actual = new LinkedHashMap<>();
        for (StructField field : schema.fields()) {
            actual.put(field.name(), field.dataType());
        }
        List<String> problems = new ArrayList<>();
        expected.forEach((name, type) -> {
            DataType found = actual.get(name);
            if (found == null) {
                problems.add(name + " is missing");
            } else if (!found.equals(type)) {
                problems.add(name + " is " + found.catalogString() + ", not " + type.catalogString());
            }
        });
        return problems;
    }
}
