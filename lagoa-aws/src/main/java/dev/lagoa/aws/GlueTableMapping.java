package dev.lagoa.aws;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.pipeline.DataFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * The translation between the core's catalog types and Glue's: a {@link TableDefinition} as the {@code TableInput} and
 * storage descriptor that {@link GlueCatalog} writes, a partition as a copy of that storage descriptor with its own
 * location, and a Glue {@code Table} read back as a definition. Arguments are never null.
 */
final class GlueTableMapping {
    /** The table parameter that keeps the {@link DataFormat} Lagoa wrote. */
    static final String FORMAT_PARAMETER = "lagoa.format";
    /** Table parameter of the columns' PII classes, {@code column:class} pairs separated by commas. */
    static final String PII_PARAMETER = "lagoa.pii";
    /** Table parameter of the columns' business tags, {@code column:tag} pairs separated by commas. */
    static final String COLUMN_TAGS_PARAMETER = "lagoa.column-tags";
    /** The column parameter that carries a column's business tags. */
    static final String COLUMN_TAGS = "lagoa.tags";

    private GlueTableMapping() {}

    /** How each format is stored: the Glue classification, the SerDe and its parameters, the input and output formats. */
    record Storage(String classification, String serde, Map<String, String> serdeParameters, String inputFormat, String outputFormat) {
        static final String PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
        static final String JSON_SERDE = "org.openx.data.jsonserde.JsonSerDe";
        static final String CSV_SERDE = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
        static final String TEXT_INPUT = "org.apache.hadoop.mapred.TextInputFormat";
        static final String TEXT_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

        static Storage of(DataFormat format) {
            return switch (format) {
                case PARQUET -> new Storage("parquet", PARQUET_SERDE, Map.of("serialization.format", "1"),
                        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat", "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
                case JSON, JSON_LINES -> new Storage("json", JSON_SERDE, Map.of(), TEXT_INPUT, TEXT_OUTPUT);
                case CSV -> new Storage("csv", CSV_SERDE, Map.of("field.delim", ",", "serialization.format", ","), TEXT_INPUT, TEXT_OUTPUT);
            };
        }
    }

    /** The table as Glue's {@code CreateTable} and {@code UpdateTable} take it: an external table with its storage. */
    static TableInput tableInput(TableDefinition table) {
        Storage storage = Storage.of(table.format());
        Map<String, String> parameters = new HashMap<>(table.parameters());
        parameters.put("classification", storage.classification());
        parameters.put("EXTERNAL", "TRUE");
        parameters.put(FORMAT_PARAMETER, table.format().name());
        TableInput.Builder input = TableInput.builder()
                .name(table.name().table())
                .tableType("EXTERNAL_TABLE")
                .storageDescriptor(storageDescriptor(table))
                .partitionKeys(columns(table.partitionKeys(), columnParameters(table.parameters())))
                .parameters(parameters);
        if (!table.description().isEmpty()) {
            input.description(table.description());
        }
        if (!table.owner().isEmpty()) {
            input.owner(table.owner());
        }
        return input.build();
    }

    /** The table's storage descriptor: its columns, location, SerDe and input and output formats. */
    static StorageDescriptor storageDescriptor(TableDefinition table) {
        Storage storage = Storage.of(table.format());
        return StorageDescriptor.builder()
                .columns(columns(table.columns(), columnParameters(table.parameters())))
                .location(table.location())
                .inputFormat(storage.inputFormat())
                .outputFormat(storage.outputFormat())
                .serdeInfo(SerDeInfo.builder().serializationLibrary(storage.serde()).parameters(storage.serdeParameters()).build())
                .compressed(false)
                .build();
    }

    /** A partition with these values: the table's storage descriptor with the partition's location. */
    static PartitionInput partitionInput(List<String> values, String location, StorageDescriptor table) {
        return PartitionInput.builder().values(values).storageDescriptor(table.toBuilder().location(location).build()).build();
    }

    private static List<Column> columns(List<TableColumn> columns, Map<String, Map<String, String>> parameters) {
        return columns.stream().map(column -> {
            Column.Builder glue = Column.builder().name(column.name()).type(column.type());
            if (!column.comment().isEmpty()) {
                glue.comment(column.comment());
            }
            Map<String, String> own = parameters.get(column.name());
            if (own != null) {
                glue.parameters(own);
            }
            return glue.build();
        }).toList();
    }

    /** The column parameters that the table parameters {@code lagoa.pii} and {@code lagoa.column-tags} give, by column. */
    static Map<String, Map<String, String>> columnParameters(Map<String, String> tableParameters) {
        Map<String, Map<String, String>> byColumn = new TreeMap<>();
        Map.of(PII_PARAMETER, PII_PARAMETER, COLUMN_TAGS_PARAMETER, COLUMN_TAGS).forEach((tableKey, columnKey) -> {
            String pairs = tableParameters.getOrDefault(tableKey, "");
            Map<String, TreeSet<String>> values = new TreeMap<>();
            for (String pair : pairs.split(",")) {
                int colon = pair.indexOf(':');
                if (colon > 0 && colon < pair.length() - 1) {
                    values.computeIfAbsent(pair.substring(0, colon).trim(), column -> new TreeSet<>()).add(pair.substring(colon + 1).trim());
                }
            }
            values.forEach((column, tags) -> byColumn.computeIfAbsent(column, name -> new TreeMap<>()).put(columnKey, String.join(",", tags)));
        });
        return byColumn;
    }

    /** The Glue table as a definition; {@code INVALID_ARGUMENT} naming the table when Lagoa cannot represent it. */
    static TableDefinition definition(Table table, String database) {
        String qualified = database + "." + table.name();
        try {
            StorageDescriptor storage = table.storageDescriptor();
            String location = storage == null ? null : normalize(storage.location());
            if (location == null || !location.startsWith("s3://")) {
                throw LagoaException.userError("it has no s3:// location (%s, type %s)", location, table.tableType());
            }
            Map<String, String> parameters = new HashMap<>(table.parameters());
            DataFormat format = format(parameters, storage);
            parameters.keySet().removeAll(TableDefinition.RESERVED_PARAMETERS);
            return new TableDefinition(TableName.of(database, table.name()), location, format, columnsOf(storage.columns()),
                    columnsOf(table.partitionKeys()), Optional.ofNullable(table.description()).orElse(""),
                    Optional.ofNullable(table.owner()).orElse(""), parameters);
        } catch (LagoaException e) {
            throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "Glue table %s cannot be read as a Lagoa table: %s".formatted(qualified, e.getMessage()), e);
        }
    }

    /** The format Lagoa wrote, else the Glue classification, else the SerDe. */
    static DataFormat format(Map<String, String> parameters, StorageDescriptor storage) {
        String written = parameters.get(FORMAT_PARAMETER);
        if (written != null) {
            try {
                return DataFormat.valueOf(written);
            } catch (IllegalArgumentException e) {
                // not one of ours: read the classification
            }
        }
        String classification = parameters.getOrDefault("classification", "").toLowerCase(Locale.ROOT);
        switch (classification) {
            case "parquet":
                return DataFormat.PARQUET;
            case "json":
                return DataFormat.JSON_LINES;
            case "csv":
                return DataFormat.CSV;
            default:
                break;
        }
        String serde = storage.serdeInfo() == null || storage.serdeInfo().serializationLibrary() == null ? "" : storage.serdeInfo().serializationLibrary();
        if (serde.contains("Parquet")) {
            return DataFormat.PARQUET;
        }
        if (serde.endsWith("JsonSerDe")) {
            return DataFormat.JSON_LINES;
        }
        if (serde.endsWith("LazySimpleSerDe") || serde.endsWith("OpenCSVSerde")) {
            return DataFormat.CSV;
        }
        throw LagoaException.userError("its format is not one Lagoa reads (classification '%s', SerDe '%s')", classification, serde);
    }

    private static List<TableColumn> columnsOf(List<Column> columns) {
        return columns.stream()
                .map(column -> new TableColumn(column.name().toLowerCase(Locale.ROOT),
                        column.type() == null ? "" : column.type().toLowerCase(Locale.ROOT).replaceAll("\\s+", ""),
                        Optional.ofNullable(column.comment()).orElse("")))
                .toList();
    }

    /** A prefix ends with '/', whether or not Glue's location does; null when Glue gives none. */
    static String normalize(String location) {
        if (location == null || location.isEmpty()) {
            return null;
        }
        return location.endsWith("/") ? location : location + "/";
    }
}
