package dev.lagoa.core.catalog;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.pipeline.DataFormat;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads what a crawler needs from one data file: its columns (Glue type names) and its row count. For Parquet both
 * come from the footer, so the data is not read; JSON and CSV are sampled for the schema and counted. Implementation:
 * {@code DuckDbFileSchemaReader}. Throws {@code MALFORMED_DATA_FILE} for a file that is not of its format.
 */
public interface FileSchemaReader {
    FileSchema read(Path file, DataFormat format);

    /**
     * Up to {@code rows} values of each of {@code columns} as text (null for SQL NULL), sampled from the file, for the
     * classifier. Throws {@code MALFORMED_DATA_FILE} as {@link #read} does.
     */
    java.util.Map<String, List<String>> sample(Path file, DataFormat format, List<String> columns, int rows);

    /** The columns of a file, in file order, and its number of rows. */
    record FileSchema(List<TableColumn> columns, long rows) {
        public FileSchema {
            columns = List.copyOf(requireNonNull(columns, "columns is null"));
        }
    }
}
