package dev.lagoa.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

/**
 * The snapshot diff as it is commonly written in Spark: read both snapshots with schema inference,
 * {@code exceptAll} both ways to find the rows that differ, then a full outer join on the key to tell
 * inserts, updates and deletes apart. Same arguments as Lagoa's DiffJob (the subset the benchmark uses),
 * same output layout: JSON Lines change records under {@code <out>/<date>/} and a {@code _manifest.json}
 * with counts by op. Spark master from {@code -Dspark.master}.
 */
public final class NaiveSparkDiff {

    private NaiveSparkDiff() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String yesterdayUri = args.required("yesterday");
        String todayUri = args.required("today");
        String[] keys = args.required("key").split(",");
        String date = args.required("date");
        String out = args.required("out");

        SparkSession spark = SparkSession.builder().appName("naive-spark-diff").getOrCreate();
        spark.sparkContext().setLogLevel("WARN"); // as quiet as Lagoa's job: per-task INFO lines are not part of the diff
        try {
            Dataset<Row> yesterday = spark.read().json(yesterdayUri);
            Dataset<Row> today = spark.read().json(todayUri);

            Dataset<Row> removed = yesterday.exceptAll(today); // deleted rows and the old versions of updated rows
            Dataset<Row> added = today.exceptAll(yesterday);   // inserted rows and the new versions of updated rows

            Column on = lit(true);
            for (String k : keys) {
                on = on.and(col("b." + k).equalTo(col("a." + k)));
            }
            Column beforeMissing = col("b." + keys[0]).isNull();
            Column afterMissing = col("a." + keys[0]).isNull();
            List<Column> cols = new ArrayList<>();
            cols.add(when(beforeMissing, lit("c")).when(afterMissing, lit("d")).otherwise(lit("u")).as("op"));
            for (String k : keys) {
                cols.add(coalesce(col("a." + k), col("b." + k)).as(k.replace('.', '_')));
            }
            cols.add(when(beforeMissing, lit(null)).otherwise(struct(col("b.*"))).as("before"));
            cols.add(when(afterMissing, lit(null)).otherwise(struct(col("a.*"))).as("after"));

            Dataset<Row> changes = removed.as("b").join(added.as("a"), on, "full_outer")
                .select(cols.toArray(new Column[0]))
                .cache();

            String target = out.endsWith("/") ? out + date : out + "/" + date;
            changes.write().mode(SaveMode.Overwrite).json(target);

            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("c", 0L);
            counts.put("u", 0L);
            counts.put("d", 0L);
            for (Row r : changes.groupBy("op").count().collectAsList()) {
                counts.put(r.getString(0), r.getLong(1));
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("engine", "naive-spark");
            manifest.put("date", date);
            manifest.put("changes", counts);
            Path dir = Path.of(java.net.URI.create(target.contains(":") ? target : "file:" + Path.of(target).toAbsolutePath()));
            Files.createDirectories(dir);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("_manifest.json").toFile(), manifest);
            System.out.println("naive-spark-diff counts " + counts);
        } finally {
            spark.stop();
        }
    }
}
