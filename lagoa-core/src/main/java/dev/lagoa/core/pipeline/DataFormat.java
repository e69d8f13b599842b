package dev.lagoa.core.pipeline;

/** File formats of datasets in the lake. */
public enum DataFormat {
    JSON,
    JSON_LINES,
    PARQUET,
    CSV
}
