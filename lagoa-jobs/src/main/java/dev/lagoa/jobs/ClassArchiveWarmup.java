package dev.lagoa.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Not a job: loads the classes that job runs load — a local Spark session, JSON and Parquet read and written, a join,
 * aggregates, a window, SQL, partitioned output, Jackson — so that the class data sharing archive its JVM records as
 * it exits ({@code -XX:ArchiveClassesAtExit}) holds them. The local job launcher runs it once per JDK and jobs
 * classpath, with the settings of a job run. Its only argument is a scratch folder, which it leaves to its caller.
 */
public final class ClassArchiveWarmup {
    private ClassArchiveWarmup() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("Usage: ClassArchiveWarmup <scratch folder>");
        }
        Path scratch = Path.of(args[0]);
        Path input = scratch.resolve("input.jsonl");
        Files.createDirectories(scratch);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            lines.append("{\"id\":%d,\"ticker\":\"T%d\",\"day\":\"2026-01-%02d\",\"price\":%d.25,\"tags\":[\"a\",\"b\"],\"nested\":{\"ok\":true}}%n"
                    .formatted(i, i % 7, i % 28 + 1, i));
        }
        Files.writeString(input, lines, StandardCharsets.UTF_8);
        new ObjectMapper().readTree(lines.substring(0, lines.indexOf("\n")));

        SparkSession spark = SparkSession.builder().getOrCreate();
        try {
            JobSession.configure(spark);
            Dataset<Row> records = spark.read().json(input.toUri().toString()).withColumn("data", to_date(col("day")));
            Dataset<Row> totals = records.groupBy("ticker").agg(count("id").as("n"), sum("price").as("total"));
            Dataset<Row> joined = records.join(totals, "ticker")
                    .withColumn("previous", lag("price", 1).over(Window.partitionBy("ticker").orderBy("data")));
            String output = scratch.resolve("output").toUri().toString();
            joined.write().mode(SaveMode.Overwrite).partitionBy("data").parquet(output);
            spark.read().parquet(output).createOrReplaceTempView("warmup");
            spark.sql("SELECT ticker, max(previous) AS p, count(DISTINCT id) AS ids FROM warmup GROUP BY ticker ORDER BY ticker").collectAsList();
            joined.select("id", "ticker", "nested.ok").write().mode(SaveMode.Overwrite).json(scratch.resolve("json").toUri().toString());
        } finally {
            spark.stop();
        }
    }
}
