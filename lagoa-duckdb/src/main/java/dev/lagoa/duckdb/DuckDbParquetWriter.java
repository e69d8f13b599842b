package dev.lagoa.duckdb;

import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.lake.ParquetWriter;
import java.nio.file.Path;
import java.util.List;

/** The {@link ParquetWriter} of the ingests: an in-memory DuckDB writes each file ({@link ParquetFiles}). */
public final class DuckDbParquetWriter implements ParquetWriter {
    @Override
    public void write(Path target, List<TableColumn> columns, List<List<Object>> rows) {
        ParquetFiles.write(target, columns, rows);
    }
}
