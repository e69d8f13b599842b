package dev.lagoa.jobs.importau;

import dev.lagoa.jobs.GlueArguments;
import dev.lagoa.jobs.JobFailure;
import dev.lagoa.jobs.JobSession;
import dev.lagoa.jobs.LakeFiles;
import dev.lagoa.jobs.LakeLocations;
import dev.lagoa.jobs.StagingArea;
import dev.lagoa.jobs.TableCommit;
import dev.lagoa.jobs.TableDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The importau lakehouse as a job sees it: the root ({@code --lakehouse s3://importau-lakehouse-<user>/}) and its
 * folders ({@code bronze/<dataset>/}, {@code silver/}, {@code gold/}, {@code quality/}, {@code catalog-commits/}),
 * reading Bronze datasets checked against their declared schema, and replacing whole tables atomically with their
 * commit manifests.
 */
final class ImportauLake {
    private final SparkSession spark;
    private final Path root;
    private final LakeFiles files;
    private final FileSystem fileSystem;
    private final String runId;

    private ImportauLake(SparkSession spark, Path root, LakeLocations locations, String runId) {
        this.spark = spark;
        this.root = root;
        this.runId = runId;
        this.files = LakeFiles.of(root, JobSession.configure(spark), locations);
        this.fileSystem = files.fileSystem();
    }

    static ImportauLake open(SparkSession spark, GlueArguments arguments) {
        String lakehouse = arguments.required("lakehouse");
        return new ImportauLake(spark, new Path(lakehouse.endsWith("/") ? lakehouse : lakehouse + "/"),
                LakeLocations.of(arguments.optional("LAGOA_LAKE_ROOT").orElse(null)), arguments.runId());
    }

    String runId() {
        return runId;
    }

    LakeFiles files() {
        return files;
    }

    Path path(String relative) {
        return new Path(root, relative);
    }

    /** A folder or file as people name it: {@code s3://importau-lakehouse-ana/silver/...}. */
    String show(Path path) {
        return files.show(path);
    }

    boolean exists(Path path) {
        return files.exists(path);
    }

    /**
     * A Bronze dataset, its columns checked against the declared schema.
     *
     * @throws JobFailure when it is missing, or a declared column is missing or of another type
     */
    Dataset<Row> bronze(String folder) {
        Path path = path("bronze/" + folder + "/");
        if (!hasParquet(path)) {
            throw new JobFailure("No Bronze dataset " + folder + ": " + show(path) + " holds no Parquet file (run the importau-bronze state machine first)");
        }
        Dataset<Row> rows = spark.read().parquet(path.toString());
        List<String> problems = schemaProblems(rows, ImportauTables.BRONZE.get(folder));
        if (!problems.isEmpty()) {
            throw new JobFailure("Bronze dataset " + folder + " (" + show(path) + ") does not have its declared schema: " + String.join("; ", problems));
        }
        return rows;
    }

    /** The bytes of the files under the folder. */
    long bytes(Path folder) {
        try {
            return fileSystem.getContentSummary(folder).getLength();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + show(folder) + ": " + e.getMessage(), e);
        }
    }

    /** Whether the folder exists and holds a Parquet file, directly or in a partition folder, none of them hidden. */
    boolean hasParquet(Path folder) {
        try {
            if (!fileSystem.exists(folder)) {
                return false;
            }
            int depth = fileSystem.makeQualified(folder).depth();
            RemoteIterator<LocatedFileStatus> files = fileSystem.listFiles(folder, true);
            while (files.hasNext()) {
                Path file = files.next().getPath();
                boolean visible = file.getName().endsWith(".parquet");
                for (Path part = file; visible && part.depth() > depth; part = part.getParent()) {
                    visible = !part.getName().startsWith(".") && !part.getName().startsWith("_");
                }
                if (visible) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + show(folder) + ": " + e.getMessage(), e);
        }
    }

    /**
     * A Silver or Gold table's rows: its Parquet files, or no rows with the declared schema (partition keys included) when
     * the table has no file, as a partitioned write of no rows leaves it.
     */
    Dataset<Row> table(Path path, TableDefinition table) {
        if (hasParquet(path)) {
            return spark.read().option("basePath", path.toString()).parquet(path.toString());
        }
        return spark.createDataFrame(List.of(), DataTypes.createStructType(ImportauTables.all(table).stream()
                .map(column -> DataTypes.createStructField(column.name(), column.type(), true)).toList()));
    }

    /** What differs between the rows' columns and {@code expected}: missing, other type, undeclared. */
    static List<String> schemaProblems(Dataset<Row> rows, Map<String, DataType> expected) {
        List<String> problems = new ArrayList<>();
        LakeFiles.schemaProblems(rows.schema(), expected).forEach(problem -> problems.add("column " + problem));
        Arrays.stream(rows.schema().fieldNames()).filter(name -> !expected.containsKey(name)).forEach(name -> problems.add("column " + name + " is not declared"));
        return problems;
    }

    /**
     * Replaces the whole table at {@code relative} ({@code silver/fato_pedido_correlacionado}) with {@code rows}: written
     * under the run's staging area, then swapped in, so a reader sees the old table or the new one. Returns its commit, with
     * the rows counted in the files written (from their Parquet footers: the rows are not computed twice).
     */
    TableCommit replaceTable(TableDefinition table, Dataset<Row> rows, String relative) {
        Path target = path(relative);
        Path parent = target.getParent();
        long rowCount;
        String partitionKey = table.partitionKeys().isEmpty() ? null : table.partitionKeys().get(0).name();
        try (StagingArea staging = new StagingArea(fileSystem, parent, runId)) {
            Path staged = staging.resolve(target.getName());
            if (partitionKey == null) {
                rows.coalesce(1).write().parquet(staged.toString());
            } else {
                rows.repartition(functions.col(partitionKey)).write().partitionBy(partitionKey).parquet(staged.toString());
            }
            if (!fileSystem.exists(staged)) {
                fileSystem.mkdirs(staged);
            }
            rowCount = spark.read().schema(rows.schema()).parquet(staged.toString()).count();
            staging.replace(staged, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot replace " + show(target) + "/: " + e.getMessage(), e);
        }
        List<TableCommit.Partition> partitions = new ArrayList<>();
        List<List<String>> replaces = new ArrayList<>();
        if (partitionKey != null) {
            try {
                for (FileStatus status : fileSystem.listStatus(target)) {
                    String name = status.getPath().getName();
                    if (status.isDirectory() && name.startsWith(partitionKey + "=")) {
                        String value = name.substring(partitionKey.length() + 1);
                        partitions.add(new TableCommit.Partition(List.of(value), show(status.getPath()) + "/"));
                        replaces.add(List.of(value));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + show(target) + "/: " + e.getMessage(), e);
            }
            partitions.sort(java.util.Comparator.comparing(partition -> partition.values().get(0)));
            replaces.sort(java.util.Comparator.comparing(values -> values.get(0)));
        }
        return new TableCommit(table, show(target) + "/", partitions, replaces, rowCount, runId, Instant.now());
    }

    /** Writes the manifests under {@code catalog-commits/}; returns where. */
    List<String> writeCommits(List<TableCommit> commits, String prefix) {
        return TableCommit.writeAll(commits, files, path("catalog-commits"), prefix);
    }
}
