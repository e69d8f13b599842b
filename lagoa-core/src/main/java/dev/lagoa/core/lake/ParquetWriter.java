package dev.lagoa.core.lake;

import dev.lagoa.core.catalog.TableColumn;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a small Parquet file from rows (a faithful copy of an API response, a day of quotes) before it is landed in
 * the lake. Implementations write next to the target and rename, so a reader never sees half a file.
 */
@FunctionalInterface
public interface ParquetWriter {
    /**
     * Writes {@code rows} (one value per column, in order; null for SQL NULL) to {@code target}. Column types are Glue
     * type names; {@code timestamp} values are {@link java.time.Instant}s.
     *
     * @throws NullPointerException when an argument is null
     * @throws dev.lagoa.core.LagoaException a user error when there is no column or a row has the wrong number of
     *     values, a storage error when the file cannot be written
     */
    void write(Path target, List<TableColumn> columns, List<List<Object>> rows);
}
