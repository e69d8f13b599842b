package dev.lagoa.core.pipeline;

/** Where a dataset sits in the lake. */
public enum Layer {
    /** Faithful copies of what a source delivered (API responses, exports, snapshots). */
    RAW,
    /** Raw data in a columnar format, still unchanged in content. */
    BRONZE,
    /** Cleaned, typed and correlated data. */
    SILVER,
    /** Aggregates for BI and ML. */
    GOLD,
    /** Data refined for query from raw (the B3 and BRAPI pipelines' layer). */
    REFINED,
    /** Change records derived by comparing snapshots. */
    CHANGES,
    /** Input that was rejected, kept with the reason. */
    QUARANTINE
}
