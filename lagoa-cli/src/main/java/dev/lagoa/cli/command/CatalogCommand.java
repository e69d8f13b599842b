package dev.lagoa.cli.command;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.governance.crawl.CrawlResult;
import dev.lagoa.governance.crawl.CrawledDataset;
import java.util.Locale;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TablePartition;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lagoa catalog list|show}: the tables the pipelines registered, as Glue holds them for Athena. */
@Command(mixinStandardHelpOptions = true, name = "catalog", description = "Shows the catalogued tables.",
        subcommands = {CatalogCommand.Crawl.class, CatalogCommand.ListTables.class, CatalogCommand.Show.class})
public final class CatalogCommand {
    @Command(mixinStandardHelpOptions = true, name = "crawl",
            description = "Finds every dataset in the lake (raw to refined; Parquet, JSON, CSV), reads the schema and row count of each new or "
                    + "changed file, and catalogues them with what the pipelines declare.")
    static final class Crawl implements Runnable {
        private final RuntimeProvider runtime;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "BUCKET", arity = "0..*", description = "Buckets to crawl (default: every bucket of the lake).")
        List<String> buckets = List.of();

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        Crawl(RuntimeProvider runtime) {
            this.runtime = runtime;
        }

        @Override
        public void run() {
            List<BucketName> targets = buckets.isEmpty() ? runtime.runtime().lakeBuckets() : buckets.stream().map(BucketName::of).toList();
            CrawlResult result = runtime.runtime().crawler().crawl(targets);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(Map.of("datasets", result.datasets().stream().map(Crawl::document).toList(), "skipped", result.skipped(),
                        "files_seen", result.filesSeen(), "files_read", result.filesRead(), "seconds", result.took().toMillis() / 1000.0)));
                return;
            }
            out.printf("%-34s %-10s %-10s %12s %10s %6s  %s%n", "TABLE", "LAYER", "FORMAT", "ROWS", "PARTITIONS", "READ", "PIPELINE");
            for (CrawledDataset dataset : result.datasets()) {
                out.printf("%-34s %-10s %-10s %,12d %10d %6d  %s%n", dataset.table().table(), dataset.layer().orElse("-"),
                        dataset.format().name().toLowerCase(Locale.ROOT), dataset.rows(), dataset.partitions(), dataset.filesRead(),
                        dataset.pipeline().orElse("(not declared)"));
                dataset.schemaChanges().forEach(change -> out.printf("    schema: %s%n", change));
            }
            result.skipped().forEach(reason -> out.printf("skipped %s%n", reason));
            out.printf("%d datasets in %s: %d files seen, %d read (new or changed), in %.1f s%n", result.datasets().size(),
                    targets.stream().map(bucket -> "s3://" + bucket + "/").toList(), result.filesSeen(), result.filesRead(),
                    result.took().toMillis() / 1000.0);
        }

        private static Map<String, Object> document(CrawledDataset dataset) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("table", dataset.table().toString());
            document.put("location", dataset.location());
            document.put("format", dataset.format().name().toLowerCase(Locale.ROOT));
            document.put("pipeline", dataset.pipeline().orElse(null));
            document.put("dataset", dataset.dataset().orElse(null));
            document.put("layer", dataset.layer().orElse(null));
            document.put("rows", dataset.rows());
            document.put("bytes", dataset.bytes());
            document.put("files", dataset.files());
            document.put("files_read", dataset.filesRead());
            document.put("partitions", dataset.partitions());
            document.put("last_modified", dataset.lastModified().toString());
            document.put("columns", dataset.columns().stream().map(CatalogCommand::column).toList());
            document.put("partition_keys", dataset.partitionKeys().stream().map(CatalogCommand::column).toList());
            document.put("schema_changes", dataset.schemaChanges());
            return document;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = "Lists the tables of the catalog database (lake.catalog-database).")
    static final class ListTables implements Runnable {
        private final RuntimeProvider runtime;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        @Option(names = "--layer", paramLabel = "LAYER", description = "Only the tables of one layer (raw, bronze, silver, gold, refined, ...).")
        String layer;

        ListTables(RuntimeProvider runtime) {
            this.runtime = runtime;
        }

        @Override
        public void run() {
            String database = runtime.runtime().lakeConfig().catalogDatabase();
            PrintWriter out = spec.commandLine().getOut();
            {
                Catalog catalog = runtime.runtime().catalog();
                List<TableDefinition> tables = catalog.tables(database).stream()
                        .filter(table -> layer == null || layer.equalsIgnoreCase(table.parameters().getOrDefault("lagoa.layer", "")))
                        .toList();
                if (json) {
                    out.println(Json.write(tables.stream().map(table -> document(table, catalog.partitions(table.name()))).toList()));
                    return;
                }
                out.printf("%-24s %10s  %-20s %s%n", "TABLE", "PARTITIONS", "OWNER", "LOCATION");
                for (TableDefinition table : tables) {
                    out.printf("%-24s %10d  %-20s %s%n", table.name().table(), catalog.partitions(table.name()).size(), table.owner(), table.location());
                }
                if (tables.isEmpty()) {
                    out.printf("(no tables in %s yet: they appear when a refine job commits)%n", database);
                }
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "show", description = "Shows a table: description, owner, columns, partitions.")
    static final class Show implements Runnable {
        private final RuntimeProvider runtime;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TABLE", description = "Table name (ibov_ativos, petr4_cotacoes, ...).")
        String table;

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        Show(RuntimeProvider runtime) {
            this.runtime = runtime;
        }

        @Override
        public void run() {
            TableName name = TableName.of(runtime.runtime().lakeConfig().catalogDatabase(), table);
            PrintWriter out = spec.commandLine().getOut();
            {
                Catalog catalog = runtime.runtime().catalog();
                TableDefinition definition = catalog.table(name).orElseThrow(() -> new LagoaException(dev.lagoa.core.ErrorCode.OBJECT_NOT_FOUND,
                        "No table %s in the catalog; lagoa catalog list shows the tables".formatted(name)));
                List<TablePartition> partitions = catalog.partitions(name);
                if (json) {
                    out.println(Json.write(document(definition, partitions)));
                    return;
                }
                out.printf("%s%n  %s%n  owner %s · %s · %s%n%n", name, definition.description(), definition.owner(), definition.format(),
                        definition.location());
                out.printf("  %-32s %-16s %s%n", "COLUMN", "TYPE", "DESCRIPTION");
                definition.columns().forEach(column -> out.printf("  %-32s %-16s %s%n", column.name(), column.type(), column.comment()));
                definition.partitionKeys().forEach(column -> out.printf("  %-32s %-16s %s%n", column.name() + " (partition)", column.type(),
                        column.comment()));
                out.printf("%n  %d partition%s%n", partitions.size(), partitions.size() == 1 ? "" : "s");
                int shown = Math.min(partitions.size(), 10);
                for (TablePartition partition : partitions.subList(partitions.size() - shown, partitions.size())) {
                    out.printf("    %s  %s%n", String.join("/", partition.values()), partition.location());
                }
                if (shown < partitions.size()) {
                    out.printf("    (the last %d; --json lists them all)%n", shown);
                }
            }
        }
    }

    static Map<String, Object> document(TableDefinition table, List<TablePartition> partitions) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("database", table.name().database());
        document.put("table", table.name().table());
        document.put("location", table.location());
        document.put("format", table.format().name().toLowerCase(java.util.Locale.ROOT));
        document.put("description", table.description());
        document.put("owner", table.owner());
        document.put("columns", table.columns().stream().map(CatalogCommand::column).toList());
        document.put("partition_keys", table.partitionKeys().stream().map(CatalogCommand::column).toList());
        document.put("parameters", table.parameters());
        document.put("partitions", partitions.stream().map(partition -> Map.of("values", partition.values(), "location", partition.location())).toList());
        return document;
    }

    private static Map<String, String> column(TableColumn column) {
        return Map.of("name", column.name(), "type", column.type(), "comment", column.comment());
    }
}
