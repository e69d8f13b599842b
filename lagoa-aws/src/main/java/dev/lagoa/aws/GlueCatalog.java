package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TablePartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetTablesResponse;
import software.amazon.awssdk.services.glue.model.Table;

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
 * <p>This class keeps the tables and databases; {@code GlueTableMapping} translates tables between the core's types
 * and Glue's, and {@code GluePartitions} sends the partition batches.
 *
 * <p>Two table parameters are also written on the columns they name, as Glue column parameters: {@code lagoa.pii}
 * ({@code cpf:PII.CPF,email:PII.EMAIL}) gives the column {@code cpf} the parameter {@code lagoa.pii=PII.CPF}, and
 * {@code lagoa.column-tags} ({@code regiao:bi}) gives {@code regiao} the parameter {@code lagoa.tags=bi}. They are
 * derived from the table's, so reading a table back ignores column parameters.
 */
public final class GlueCatalog implements Catalog {
    /** Table parameter of the columns' PII classes, {@code column:class} pairs separated by commas. */
    public static final String PII_PARAMETER = GlueTableMapping.PII_PARAMETER;
    /** Table parameter of the columns' business tags, {@code column:tag} pairs separated by commas. */
    public static final String COLUMN_TAGS_PARAMETER = GlueTableMapping.COLUMN_TAGS_PARAMETER;
    private static final int TABLES_PER_PAGE = 100;
    private static final Logger LOG = LoggerFactory.getLogger(GlueCatalog.class);

    private final GlueClient client;
    private final boolean ownsClient;
    private final GluePartitions tablePartitions;
    /** Databases known to exist, so that each is looked up once. */
    private final Set<String> databases = ConcurrentHashMap.newKeySet();

    /** A catalog over {@code client}, which the caller keeps and closes. */
    public GlueCatalog(GlueClient client) {
        this(client, false);
    }

    private GlueCatalog(GlueClient client, boolean ownsClient) {
        this.client = requireNonNull(client, "client is null");
        this.ownsClient = ownsClient;
        this.tablePartitions = new GluePartitions(client);
    }

    /** A catalog with its own Glue client, built from {@code config} and closed with the catalog. */
    public static GlueCatalog create(AwsConfig config) {
        requireNonNull(config, "config is null");
        return new GlueCatalog(config.glueClient(), true);
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
            client.createTable(request -> request.databaseName(name.database()).tableInput(GlueTableMapping.tableInput(table)));
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
            client.updateTable(request -> request.databaseName(table.name().database()).tableInput(GlueTableMapping.tableInput(table)));
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
        return glueTable(name).map(table -> GlueTableMapping.definition(table, name.database()));
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
            return GlueTableMapping.definition(existing, table.name().database()).equals(table);
        } catch (LagoaException e) {
            return false;
        }
    }

    /** The table as a definition, or empty (with a warning) when Lagoa cannot represent it. */
    private static Optional<TableDefinition> readable(Table table) {
        try {
            return Optional.of(GlueTableMapping.definition(table, table.databaseName()));
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
        for (TablePartition partition : partitions) {
            definition.requirePartitionValues(partition.values());
        }
        return tablePartitions.add(table, GlueTableMapping.storageDescriptor(definition), partitions);
    }

    @Override
    public int dropPartitions(TableName table, List<String> prefix, List<List<String>> keep) {
        requireNonNull(table, "table is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(keep, "keep is null");
        requireTable(table).requirePartitionPrefix(prefix);
        return tablePartitions.drop(table, prefix, keep);
    }

    @Override
    public List<TablePartition> partitions(TableName table) {
        requireNonNull(table, "table is null");
        return tablePartitions.list(table);
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
}
