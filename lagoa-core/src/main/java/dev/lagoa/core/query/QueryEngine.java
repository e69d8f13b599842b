package dev.lagoa.core.query;

import java.io.Closeable;

/**
 * SQL over the catalogued tables of the lake, as Athena answers it: read-only queries, each table by its catalog name.
 * Implementation: {@code DuckDbQueryEngine} (DuckDB over the local lake's Parquet, Hive partitions pruned). Arguments
 * are never null.
 */
public interface QueryEngine extends Closeable {
    /**
     * Runs one read-only statement and returns at most {@code maxRows} rows. Throws {@code INVALID_QUERY} for SQL that
     * does not parse, names an unknown table or column, or would change anything.
     */
    QueryResult query(String sql, int maxRows);

    @Override
    void close();
}
