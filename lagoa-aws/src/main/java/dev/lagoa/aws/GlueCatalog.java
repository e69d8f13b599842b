package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TablePartition;
import dev.lagoa.core.pipeline.DataFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchDeletePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchGetPartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionFailureEntry;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequestEntry;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionResponse;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.ErrorDetail;
import software.amazon.awssdk.services.glue.model.GetPartitionsResponse;
import software.amazon.awssdk.services.glue.model.GetTablesResponse;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.PartitionValueList;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * The lake's tables in the AWS Glue Data Catalog, where Athena finds them: external tables over {@code s3://}
 * prefixes, with Hive-style partitions.
 *
 * <p>A table is a {@code TableInput} of type {@code EXTERNAL_TABLE} whose storage descriptor holds the columns with
 * their comments, the location and the format's SerDe and input and output formats (Parquet:
 * {@code ParquetHiveSerDe}; JSON documents and JSON lines: the OpenX {@code JsonSerDe} over text files; CSV:
 * {@code LazySimpleSerDe} with {@code ,} as delimiter). Its parameters are the definition's plus
 * {@code classification} (parquet, json or csv), {@code EXTERNAL=TRUE} and {@code lagoa.format}. A partition is a
 * copy of the table's storage descriptor with its own location. Glue tables that Lagoa did not create are read back
 * by their classification or SerDe; those that have no {@code s3://} location or another format are skipped by
 * {@link #tables}.
 *
 * <p>Partitions are added with {@code BatchCreatePartition}, 100 at a time; those that exist already are read with
 * {@code BatchGetPartition} and moved with {@code BatchUpdatePartition} when their location changed. They are dropped
 * with {@code BatchDeletePartition}, 25 at a time. Glue has no transactions: when some entries of a batch fail, the
 * others stay done, and the error names the failed ones.
 *
 * <p>Two table parameters are also written on the columns they name, as Glue column parameters: {@code lagoa.pii}
 * ({@code cpf:PII.CPF,email:PII.EMAIL}) gives the column {@code cpf} the parameter {@code lagoa.pii=PII.CPF}, and
 * {@code lagoa.column-tags} ({@code regiao:bi}) gives {@code regiao} the parameter {@code lagoa.tags=bi}. They are
 * derived from the table's, so reading a table back ignores column parameters.
 */
public final class GlueCatalog implements Catalog {
    /** The most entries Glue takes in one {@code BatchCreatePartition} or {@code BatchUpdatePartition}. */
    static final int WRITE_BATCH = 100;
    /** The most entries Glue takes in one {@code BatchDeletePartition}. */
    static final int DELETE_BATCH = 25;
    /** The most entries Glue takes in one {@code BatchGetPartition}. */
    static final int READ_BATCH = 1000;
    static final String FORMAT_PARAMETER = "lagoa.format";
    /** Table parameter of the columns' PII classes, {@code column:class} pairs separated by commas. */
    public static final String PII_PARAMETER = "lagoa.pii";
    /** Table parameter of the columns' business tags, {@code column:tag} pairs separated by commas. */
    public static final String COLUMN_TAGS_PARAMETER = "lagoa.column-tags";
    /** The column parameter that carries a column's business tags. */
    static final String COLUMN_TAGS = "lagoa.tags";
    private static final int PARTITIONS_PER_PAGE = 1000;
    private static final int TABLES_PER_PAGE = 100;
    private static final int UNPROCESSED_ROUNDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(GlueCatalog.class);

    private final GlueClient client;
    private final boolean ownsClient;
    /** Databases known to exist, so that each is looked up once. */
    private final Set<String> databases = ConcurrentHashMap.newKeySet();

    /** A catalog over {@code client}, which the caller keeps and closes. */
    public GlueCatalog(GlueClient client) {
        this(client, false);
    }

    private GlueCatalog(GlueClient client, boolean ownsClient) {
        this.client = requireNonNull(client, "client is null");
        this.ownsClient = ownsClient;
    }

    /** A catalog with its own Glue client, built from {@code config} and closed with the catalog. */
    public static GlueCatalog create(AwsConfig config) {
        requireNonNull(config, "config is null");
        return new GlueCatalog(config.glueClient(), true);
    }

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

    @Override
    public void createOrUpdateTable(TableDefinition table) {
        requireNonNull(table, "table is null");
        TableName name = table.name();
        ensureDatabase(name.database());
        Optional<Table> existing = glueTable(name);
        if (existing.isPresent()) {
            if (holds(existing.get(), table)) {
                LOG.debug("Glue table {} is up to date", name);
                return;
            }
            update(table);
            return;
        }
        try {
            client.createTable(request -> request.databaseName(name.database()).tableInput(tableInput(table)));
            LOG.info("Created Glue table {} at {}", name, table.location());
        } catch (AlreadyExistsException e) {
            // created since it was read: update it instead
            update(table);
        } catch (SdkException e) {
            throw AwsErrors.glue("create", "Glue table " + name, ErrorCode.OBJECT_NOT_FOUND, e);
        }
    }

    private void update(TableDefinition table) {
        try {
            client.updateTable(request -> request.databaseName(table.name().database()).tableInput(tableInput(table)));
            LOG.info("Updated Glue table {} at {}", table.name(), table.location());
        } catch (SdkException e) {
            throw AwsErrors.glue("update", "Glue table " + table.name(), ErrorCode.OBJECT_NOT_FOUND, e);
        }
    }

    private void ensureDatabase(String database) {
        if (databases.contains(database)) {
            return;
        }
        try {
            client.getDatabase(request -> request.name(database));
        } catch (EntityNotFoundException missing) {
            try {
                client.createDatabase(request -> request.databaseInput(input -> input.name(database)
                        .description("Tables of the lake, registered by Lagoa")));
                LOG.info("Created Glue database {}", database);
            } catch (AlreadyExistsException e) {
                LOG.debug("Glue database {} was created by someone else meanwhile", database);
            } catch (SdkException e) {
                throw AwsErrors.glue("create", "Glue database " + database, ErrorCode.OBJECT_NOT_FOUND, e);
            }
        } catch (SdkException e) {
            throw AwsErrors.glue("read", "Glue database " + database, ErrorCode.OBJECT_NOT_FOUND, e);
        }
        databases.add(database);
    }

    @Override
    public Optional<TableDefinition> table(TableName name) {
        requireNonNull(name, "name is null");
        return glueTable(name).map(table -> definition(table, name.database()));
    }

    private Optional<Table> glueTable(TableName name) {
        try {
            return Optional.ofNullable(client.getTable(request -> request.databaseName(name.database()).name(name.table())).table());
        } catch (EntityNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.glue("read", "Glue table " + name, ErrorCode.OBJECT_NOT_FOUND, e);
        }
    }

    private TableDefinition requireTable(TableName name) {
        return table(name).orElseThrow(() -> new LagoaException(ErrorCode.OBJECT_NOT_FOUND,
                "Table %s not found in the Glue Data Catalog".formatted(name)));
    }

    @Override
    public List<TableDefinition> tables(String database) {
        requireNonNull(database, "database is null");
        List<TableDefinition> tables = new ArrayList<>();
        String token = null;
        do {
            String pageToken = token;
            GetTablesResponse page;
            try {
                page = client.getTables(request -> request.databaseName(database).maxResults(TABLES_PER_PAGE).nextToken(pageToken));
            } catch (EntityNotFoundException e) {
                return List.of();
            } catch (SdkException e) {
                throw AwsErrors.glue("list the tables of", "Glue database " + database, ErrorCode.OBJECT_NOT_FOUND, e);
            }
            for (Table table : page.tableList()) {
                readable(table).ifPresent(tables::add);
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        tables.sort(Comparator.comparing(table -> table.name().table()));
        return tables;
    }

    /** Whether the Glue table is {@code table} already (false when Lagoa cannot read it: it is replaced). */
    private static boolean holds(Table existing, TableDefinition table) {
        try {
            return definition(existing, table.name().database()).equals(table);
        } catch (LagoaException e) {
            return false;
        }
    }

    /** The table as a definition, or empty (with a warning) when Lagoa cannot represent it. */
    private static Optional<TableDefinition> readable(Table table) {
        try {
            return Optional.of(definition(table, table.databaseName()));
        } catch (LagoaException e) {
            LOG.warn("Skipping Glue table {}.{}: {}", table.databaseName(), table.name(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public int addPartitions(TableName table, List<TablePartition> partitions) {
        requireNonNull(table, "table is null");
        requireNonNull(partitions, "partitions is null");
        TableDefinition definition = requireTable(table);
        Map<List<String>, String> locations = new LinkedHashMap<>();
        for (TablePartition partition : partitions) {
            definition.requirePartitionValues(partition.values());
            locations.put(partition.values(), partition.location());
        }
        StorageDescriptor storage = storageDescriptor(definition);
        List<List<String>> values = List.copyOf(locations.keySet());
        List<List<String>> existing = new ArrayList<>();
        Map<String, ErrorDetail> failures = new LinkedHashMap<>();
        int added = 0;
        for (List<List<String>> batch : batches(values, WRITE_BATCH)) {
            List<PartitionInput> inputs = batch.stream().map(partition -> partitionInput(partition, locations.get(partition), storage)).toList();
            BatchCreatePartitionResponse response;
            try {
                response = client.batchCreatePartition(request -> request.databaseName(table.database()).tableName(table.table())
                        .partitionInputList(inputs));
            } catch (SdkException e) {
                throw AwsErrors.glue("add partitions to", "Glue table " + table, ErrorCode.OBJECT_NOT_FOUND, e);
            }
            int failed = 0;
            for (PartitionError error : response.errors()) {
                failed++;
                if (error.errorDetail() != null && "AlreadyExistsException".equals(error.errorDetail().errorCode())) {
                    existing.add(error.partitionValues());
                } else {
                    failures.put(error.partitionValues().toString(), detail(error.errorDetail()));
                }
            }
            added += batch.size() - failed;
        }
        if (!existing.isEmpty()) {
            move(table, existing, locations, storage, failures);
        }
        if (!failures.isEmpty()) {
            throw AwsErrors.glueEntries("add", "partition(s) to table " + table, failures);
        }
        LOG.info("Added {} partition(s) to Glue table {} ({} already there)", added, table, existing.size());
        return added;
    }

    /** Updates the partitions among {@code existing} whose location is not the one given. */
    private void move(TableName table, List<List<String>> existing, Map<List<String>, String> locations, StorageDescriptor storage,
            Map<String, ErrorDetail> failures) {
        List<List<String>> moved = new ArrayList<>();
        for (Partition partition : batchGet(table, existing)) {
            List<String> values = partition.values();
            String location = partition.storageDescriptor() == null ? null : normalize(partition.storageDescriptor().location());
            if (!locations.get(values).equals(location)) {
                moved.add(values);
            }
        }
        for (List<List<String>> batch : batches(moved, WRITE_BATCH)) {
            List<BatchUpdatePartitionRequestEntry> entries = batch.stream().map(values -> BatchUpdatePartitionRequestEntry.builder()
                    .partitionValueList(values)
                    .partitionInput(partitionInput(values, locations.get(values), storage))
                    .build()).toList();
            BatchUpdatePartitionResponse response;
            try {
                response = client.batchUpdatePartition(request -> request.databaseName(table.database()).tableName(table.table()).entries(entries));
            } catch (SdkException e) {
                throw AwsErrors.glue("update partitions of", "Glue table " + table, ErrorCode.OBJECT_NOT_FOUND, e);
            }
            for (BatchUpdatePartitionFailureEntry error : response.errors()) {
                failures.put(error.partitionValueList().toString(), detail(error.errorDetail()));
            }
        }
        if (!moved.isEmpty()) {
            LOG.info("Moved {} partition(s) of Glue table {} to new locations", moved.size(), table);
        }
    }

    /** The partitions with these values, read {@value #READ_BATCH} at a time; Glue may leave keys unprocessed for later. */
    private List<Partition> batchGet(TableName table, List<List<String>> values) {
        List<Partition> partitions = new ArrayList<>();
        for (List<List<String>> batch : batches(values, READ_BATCH)) {
            List<PartitionValueList> keys = batch.stream().map(partition -> PartitionValueList.builder().values(partition).build()).toList();
            for (int round = 0; !keys.isEmpty(); round++) {
                if (round == UNPROCESSED_ROUNDS) {
                    throw new LagoaException(ErrorCode.AWS_ERROR, "Cannot read %d existing partition(s) of Glue table %s: Glue left them unprocessed %d times"
                            .formatted(keys.size(), table, UNPROCESSED_ROUNDS));
                }
                List<PartitionValueList> pending = keys;
                BatchGetPartitionResponse response;
                try {
                    response = client.batchGetPartition(request -> request.databaseName(table.database()).tableName(table.table())
                            .partitionsToGet(pending));
                } catch (SdkException e) {
                    throw AwsErrors.glue("read partitions of", "Glue table " + table, ErrorCode.OBJECT_NOT_FOUND, e);
                }
                partitions.addAll(response.partitions());
                keys = response.unprocessedKeys();
            }
        }
        return partitions;
    }

    @Override
    public int dropPartitions(TableName table, List<String> prefix, List<List<String>> keep) {
        requireNonNull(table, "table is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(keep, "keep is null");
        requireTable(table).requirePartitionPrefix(prefix);
        Set<List<String>> kept = new HashSet<>(keep);
        List<List<String>> doomed = partitions(table).stream()
                .filter(partition -> partition.startsWith(prefix) && !kept.contains(partition.values()))
                .map(TablePartition::values)
                .toList();
        Map<String, ErrorDetail> failures = new LinkedHashMap<>();
        int dropped = 0;
        for (List<List<String>> batch : batches(doomed, DELETE_BATCH)) {
            List<PartitionValueList> keys = batch.stream().map(values -> PartitionValueList.builder().values(values).build()).toList();
            BatchDeletePartitionResponse response;
            try {
                response = client.batchDeletePartition(request -> request.databaseName(table.database()).tableName(table.table())
                        .partitionsToDelete(keys));
            } catch (SdkException e) {
                throw AwsErrors.glue("drop partitions of", "Glue table " + table, ErrorCode.OBJECT_NOT_FOUND, e);
            }
            int gone = 0;
            for (PartitionError error : response.errors()) {
                ErrorDetail detail = detail(error.errorDetail());
                if ("EntityNotFoundException".equals(detail.errorCode())) {
                    gone++;
                } else {
                    failures.put(error.partitionValues().toString(), detail);
                }
            }
            dropped += batch.size() - response.errors().size();
            if (gone > 0) {
                LOG.debug("{} partition(s) of Glue table {} were dropped by someone else meanwhile", gone, table);
            }
        }
        if (!failures.isEmpty()) {
            throw AwsErrors.glueEntries("drop", "partition(s) of table " + table, failures);
        }
        LOG.info("Dropped {} partition(s) of Glue table {}", dropped, table);
        return dropped;
    }

    @Override
    public List<TablePartition> partitions(TableName table) {
        requireNonNull(table, "table is null");
        List<TablePartition> partitions = new ArrayList<>();
        String token = null;
        do {
            String pageToken = token;
            GetPartitionsResponse page;
            try {
                page = client.getPartitions(request -> request.databaseName(table.database()).tableName(table.table())
                        .excludeColumnSchema(true).maxResults(PARTITIONS_PER_PAGE).nextToken(pageToken));
            } catch (EntityNotFoundException e) {
                throw new LagoaException(ErrorCode.OBJECT_NOT_FOUND, "Table %s not found in the Glue Data Catalog".formatted(table), e);
            } catch (SdkException e) {
                throw AwsErrors.glue("list the partitions of", "Glue table " + table, ErrorCode.OBJECT_NOT_FOUND, e);
            }
            for (Partition partition : page.partitions()) {
                String location = partition.storageDescriptor() == null ? null : normalize(partition.storageDescriptor().location());
                if (location == null || !location.startsWith("s3://")) {
                    throw new LagoaException(ErrorCode.AWS_ERROR, "Partition %s of Glue table %s has no s3:// location: %s"
                            .formatted(partition.values(), table, location));
                }
                partitions.add(new TablePartition(partition.values(), location));
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        partitions.sort(Comparator.comparing(TablePartition::values, TablePartition.VALUES_ORDER));
        return partitions;
    }

    @Override
    public boolean dropTable(TableName table) {
        requireNonNull(table, "table is null");
        try {
            client.deleteTable(request -> request.databaseName(table.database()).name(table.table()));
            LOG.info("Dropped Glue table {}", table);
            return true;
        } catch (EntityNotFoundException e) {
            return false;
        } catch (SdkException e) {
            throw AwsErrors.glue("drop", "Glue table " + table, ErrorCode.OBJECT_NOT_FOUND, e);
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "GlueCatalog";
    }

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

    private static PartitionInput partitionInput(List<String> values, String location, StorageDescriptor table) {
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
        Map<String, Map<String, String>> byColumn = new java.util.TreeMap<>();
        Map.of(PII_PARAMETER, PII_PARAMETER, COLUMN_TAGS_PARAMETER, COLUMN_TAGS).forEach((tableKey, columnKey) -> {
            String pairs = tableParameters.getOrDefault(tableKey, "");
            Map<String, java.util.TreeSet<String>> values = new java.util.TreeMap<>();
            for (String pair : pairs.split(",")) {
                int colon = pair.indexOf(':');
                if (colon > 0 && colon < pair.length() - 1) {
                    values.computeIfAbsent(pair.substring(0, colon).trim(), column -> new java.util.TreeSet<>()).add(pair.substring(colon + 1).trim());
                }
            }
            values.forEach((column, tags) -> byColumn.computeIfAbsent(column, name -> new java.util.TreeMap<>()).put(columnKey, String.join(",", tags)));
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

    /** A prefix ends with '/', whether or not Glue's location does. */
    static String normalize(String location) {
        if (location == null || location.isEmpty()) {
            return null;
        }
        return location.endsWith("/") ? location : location + "/";
    }

    private static ErrorDetail detail(ErrorDetail detail) {
        return detail != null ? detail : ErrorDetail.builder().errorCode("UnknownError").errorMessage("Glue gave no detail").build();
    }

    private static <T> List<List<T>> batches(List<T> items, int size) {
        List<List<T>> batches = new ArrayList<>();
        for (int start = 0; start < items.size(); start += size) {
            batches.add(items.subList(start, Math.min(items.size(), start + size)));
        }
        return batches;
    }
}
