package dev.lagoa.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.SparkSession;

/** The settings every job that writes tables applies to its Spark session before it reads or writes. */
public final class JobSession {
    private JobSession() {}

    /**
     * Local files without {@code .crc} side files and no {@code _SUCCESS} markers (the lake holds exactly the
     * tables' files), timestamps written as Parquet's INT64 microseconds (read by Athena, Glue, DuckDB and Spark
     * alike) and a UTC session, so that no conversion depends on the machine's time zone: São Paulo dates are
     * computed with an explicit zone.
     *
     * @return the session's Hadoop configuration
     */
    public static Configuration configure(SparkSession spark) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        hadoop.set("fs.file.impl", RawLocalFileSystem.class.getName());
        hadoop.setBoolean("fs.file.impl.disable.cache", true);
        hadoop.setBoolean("mapreduce.fileoutputcommitter.marksuccessfuljobs", false);
        spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        return hadoop;
    }
}
