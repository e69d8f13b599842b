package dev.lagoa.cli.command;

import dev.lagoa.cli.GovernanceWiring;
import dev.lagoa.core.Counts;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.AssetTag;
import dev.lagoa.core.catalog.Glossary;
import dev.lagoa.core.catalog.TagStore;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import java.util.Optional;
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
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lagoa catalog list|show}: the tables the pipelines registered, as Glue holds them for Athena. */
@Command(mixinStandardHelpOptions = true, name = "catalog", description = "Shows the catalogued tables.",
        subcommands = {CatalogCommand.Crawl.class, CatalogCommand.ListTables.class, CatalogCommand.Show.class, CatalogCommand.Tag.class,
                CatalogCommand.Untag.class, CatalogCommand.Dismiss.class, CatalogCommand.GlossaryCommand.class, CatalogSyncCommand.class})
public final class CatalogCommand {
    @Command(mixinStandardHelpOptions = true, name = "crawl",
            description = "Finds every dataset in the lake (raw to refined; Parquet, JSON, CSV), reads the schema and row count of each new or "
                    + "changed file, and catalogues them with what the pipelines declare.")
    static final class Crawl implements Runnable {
        private final Supplier<GovernanceWiring> governance;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "BUCKET", arity = "0..*", description = "Buckets to crawl (default: every bucket of the lake).")
        List<String> buckets = List.of();

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        Crawl(Supplier<GovernanceWiring> governance) {
            this.governance = governance;
        }

        @Override
        public void run() {
            List<BucketName> targets = buckets.isEmpty() ? governance.get().lakeBuckets() : buckets.stream().map(BucketName::of).toList();
            CrawlResult result = governance.get().crawler().crawl(targets);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(Map.of("datasets", result.datasets().stream().map(Crawl::document).toList(), "skipped", result.skipped(), "dropped", result.dropped(),
                        "files_seen", result.filesSeen(), "files_read", result.filesRead(), "seconds", result.took().toMillis() / 1000.0)));
                return;
            }
            out.printf("%-34s %-10s %-10s %12s %10s %6s  %s%n", "TABLE", "LAYER", "FORMAT", "ROWS", "PARTITIONS", "READ", "PIPELINE");
            for (CrawledDataset dataset : result.datasets()) {
                out.printf("%-34s %-10s %-10s %,12d %10d %6d  %s%n", dataset.table().table(), dataset.layer().orElse("-"),
                        dataset.format().name().toLowerCase(Locale.ROOT), dataset.rows(), dataset.partitions(), dataset.filesRead(),
                        dataset.pipeline().orElse("(not declared)"));
                dataset.schemaChanges().forEach(change -> out.printf("    schema: %s%n", change));
                dataset.classifications().forEach(tag -> out.printf("    classified: %s%n", tag));
            }
            result.skipped().forEach(reason -> out.printf("skipped %s%n", reason));
            result.dropped().forEach(table -> out.printf("dropped %s: the crawler found it before, and no dataset is it any more%n", table));
            out.printf("%s in %s: %s seen, %d read (new or changed), in %.1f s%n", Counts.of(result.datasets().size(), "dataset"),
                    targets.stream().map(bucket -> "s3://" + bucket + "/").toList(), Counts.of(result.filesSeen(), "file"), result.filesRead(),
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
            document.put("classifications", dataset.classifications());
            return document;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = "Lists the tables of the catalog database (lake.catalog-database).")
    static final class ListTables implements Runnable {
        private final Supplier<GovernanceWiring> governance;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        @Option(names = "--layer", paramLabel = "LAYER", description = "Only the tables of one layer (raw, bronze, silver, gold, refined, ...).")
        String layer;

        ListTables(Supplier<GovernanceWiring> governance) {
            this.governance = governance;
        }

        @Override
        public void run() {
            String database = governance.get().catalogDatabase();
            PrintWriter out = spec.commandLine().getOut();
            {
                Catalog catalog = governance.get().catalog();
                List<TableDefinition> tables = catalog.tables(database).stream()
                        .filter(table -> layer == null || layer.equalsIgnoreCase(table.parameters().getOrDefault("lagoa.layer", "")))
                        .toList();
                if (json) {
                    out.println(Json.write(tables.stream().map(table -> document(table, catalog.partitions(table.name()))).toList()));
                    return;
                }
                TextTable list = new TextTable("TABLE", ">PARTITIONS", "OWNER", "LOCATION");
                for (TableDefinition table : tables) {
                    list.row(table.name().table(), catalog.partitions(table.name()).size(), table.owner(), table.location());
                }
                list.print(out);
                if (tables.isEmpty()) {
                    out.printf("(no tables in %s yet: they appear when a refine job commits)%n", database);
                }
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "show",
            description = "Shows a table (description, owner, columns, partitions) or a state machine (its tasks, owners and datasets).")
    static final class Show implements Runnable {
        private final Supplier<GovernanceWiring> governance;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TABLE|STATE-MACHINE",
                description = "Table name (ibov_ativos, petr4_cotacoes, ...) or state machine (importau-teste-silver, ...).")
        String table;

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        Show(Supplier<GovernanceWiring> governance) {
            this.governance = governance;
        }

        @Override
        public void run() {
            TableName name = resolve(governance, table);
            PrintWriter out = spec.commandLine().getOut();
            {
                Catalog catalog = governance.get().catalog();
                Optional<TableDefinition> found = catalog.table(name);
                if (found.isEmpty()) {
                    Optional<StateMachineDefinition> machine = governance.get().stateMachines().stream()
                            .filter(candidate -> candidate.name().equals(table.strip().toLowerCase(Locale.ROOT))).findFirst();
                    if (machine.isPresent()) {
                        StateMachineView view = new StateMachineView(machine.get(), Pipelines.all());
                        if (json) {
                            out.println(Json.write(view.document()));
                        } else {
                            view.print(out);
                        }
                        return;
                    }
                }
                TableDefinition definition = found.orElseThrow(() -> new LagoaException(dev.lagoa.core.ErrorCode.OBJECT_NOT_FOUND,
                        "No table %s in the catalog and no state machine '%s'; lagoa catalog list shows the tables, lagoa sfn list the state machines"
                                .formatted(name, table)));
                List<TablePartition> partitions = catalog.partitions(name);
                List<AssetTag> tags = governance.get().tagStore().tags(name);
                if (json) {
                    Map<String, Object> document = document(definition, partitions);
                    document.put("tags", tags.stream().map(CatalogCommand::tag).toList());
                    out.println(Json.write(document));
                    return;
                }
                out.printf("%s%n  %s%n  owner %s · %s · %s%n", name, definition.description(), definition.owner(), definition.format(),
                        definition.location());
                java.util.Set<String> tableTags = new java.util.TreeSet<>(declaredTags(definition));
                tags.stream().filter(tag -> tag.column().isEmpty()).forEach(tag -> tableTags.add(tag.tag()));
                for (String tag : tableTags) {
                    out.printf("  tag %s%s%n", tag, Glossary.term(tag).map(term -> " — " + term.name() + ": " + term.definition()).orElse(""));
                }
                if (tags.stream().anyMatch(tag -> tag.tag().startsWith("PII."))) {
                    out.printf("  contains personal data (LGPD): see the PII tags below%n");
                }
                out.println();
                out.printf("  %-32s %-16s %s%n", "COLUMN", "TYPE", "DESCRIPTION");
                definition.columns().forEach(column -> {
                    out.printf("  %-32s %-16s %s%n", column.name(), column.type(), column.comment());
                    tags.stream().filter(tag -> tag.column().equals(Optional.of(column.name())))
                            .forEach(tag -> out.printf("      %s (%s%s)%s%n", tag.tag(), tag.source().name().toLowerCase(Locale.ROOT),
                                    tag.by().isEmpty() ? "" : ", " + tag.by(), tag.note().isEmpty() ? "" : ": " + tag.note()));
                });
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

    /** {@code TABLE} or {@code TABLE.COLUMN}, checked against the catalog. */
    private static AssetTarget target(Supplier<GovernanceWiring> governance, String text) {
        int dot = text.indexOf('.');
        TableName table = resolve(governance, dot < 0 ? text : text.substring(0, dot));
        Optional<String> column = dot < 0 ? Optional.empty() : Optional.of(text.substring(dot + 1));
        TableDefinition definition = governance.get().catalog().table(table).orElseThrow(() -> new LagoaException(dev.lagoa.core.ErrorCode.OBJECT_NOT_FOUND,
                "No table %s in the catalog; lagoa catalog list shows the tables".formatted(table)));
        column.ifPresent(name -> {
            if (definition.columns().stream().noneMatch(candidate -> candidate.name().equals(name))
                    && definition.partitionKeys().stream().noneMatch(candidate -> candidate.name().equals(name))) {
                throw new LagoaException(dev.lagoa.core.ErrorCode.OBJECT_NOT_FOUND, "Table %s has no column '%s'".formatted(table, name));
            }
        });
        return new AssetTarget(table, column);
    }

    private record AssetTarget(TableName table, Optional<String> column) {}

    /**
     * A table by its name, its dataset id ({@code bronze-clientes}), or the short name people use when only one table
     * ends with it ({@code clientes} for {@code bronze_clientes}); otherwise the name as given.
     */
    static TableName resolve(Supplier<GovernanceWiring> governance, String name) {
        String database = governance.get().catalogDatabase();
        String table = name.replace('-', '_').toLowerCase(Locale.ROOT);
        List<TableDefinition> tables = governance.get().catalog().tables(database);
        if (tables.stream().anyMatch(candidate -> candidate.name().table().equals(table))) {
            return TableName.of(database, table);
        }
        List<TableDefinition> endingWith = tables.stream().filter(candidate -> candidate.name().table().endsWith("_" + table)).toList();
        return endingWith.size() == 1 ? endingWith.get(0).name() : TableName.of(database, table);
    }

    private static String who() {
        return System.getProperty("user.name", "unknown");
    }

    @Command(mixinStandardHelpOptions = true, name = "tag", description = "Tags a table or a column with a business term (lagoa catalog glossary).")
    static final class Tag implements Runnable {
        private final Supplier<GovernanceWiring> governance;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TABLE[.COLUMN]")
        String target;

        @Parameters(index = "1", paramLabel = "TAG")
        String tag;

        @Option(names = "--note", paramLabel = "TEXT", description = "Why, for the next person.", defaultValue = "")
        String note;

        Tag(Supplier<GovernanceWiring> governance) {
            this.governance = governance;
        }

        @Override
        public void run() {
            AssetTarget asset = target(governance, target);
            AssetTag added = new AssetTag(asset.table(), asset.column(), tag, AssetTag.Source.MANUAL, note, who(), governance.get().clock().instant());
            governance.get().tagStore().add(added);
            spec.commandLine().getOut().printf("tagged %s %s%s%n", added.target(), tag,
                    Glossary.term(tag).map(term -> " (" + term.name() + ": " + term.definition() + ")").orElse(" (not a glossary term)"));
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "untag", description = "Removes a tag from a table or a column.")
    static final class Untag implements Runnable {
        private final Supplier<GovernanceWiring> governance;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TABLE[.COLUMN]")
        String target;

        @Parameters(index = "1", paramLabel = "TAG")
        String tag;

        Untag(Supplier<GovernanceWiring> governance) {
            this.governance = governance;
        }

        @Override
        public void run() {
            AssetTarget asset = target(governance, target);
            if (!governance.get().tagStore().remove(asset.table(), asset.column(), tag)) {
                throw new LagoaException(dev.lagoa.core.ErrorCode.OBJECT_NOT_FOUND, "%s has no tag %s".formatted(target, tag));
            }
            spec.commandLine().getOut().printf("untagged %s %s%n", target, tag);
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "dismiss",
            description = "Dismisses a classification as a false positive; later crawls do not put it back.")
    static final class Dismiss implements Runnable {
        private final Supplier<GovernanceWiring> governance;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TABLE.COLUMN")
        String target;

        @Parameters(index = "1", paramLabel = "TAG", description = "The classification, e.g. PII.PHONE.")
        String tag;

        @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why it is not what the classifier says.")
        String reason;

        Dismiss(Supplier<GovernanceWiring> governance) {
            this.governance = governance;
        }

        @Override
        public void run() {
            AssetTarget asset = target(governance, target);
            String column = asset.column().orElseThrow(() -> LagoaException.userError("Classifications are on columns: give TABLE.COLUMN"));
            governance.get().tagStore().dismiss(new TagStore.Dismissal(asset.table(), column, tag, reason, who(), governance.get().clock().instant()));
            spec.commandLine().getOut().printf("dismissed %s on %s: %s%n", tag, target, reason);
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "glossary", description = "Lists the business terms and the tables tagged with each.")
    static final class GlossaryCommand implements Runnable {
        private final Supplier<GovernanceWiring> governance;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        GlossaryCommand(Supplier<GovernanceWiring> governance) {
            this.governance = governance;
        }

        @Override
        public void run() {
            String database = governance.get().catalogDatabase();
            List<TableDefinition> tables = governance.get().catalog().tables(database);
            List<AssetTag> tags = governance.get().tagStore().all(database);
            List<Map<String, Object>> terms = new java.util.ArrayList<>();
            for (Glossary.Term term : Glossary.terms()) {
                java.util.TreeSet<String> assets = new java.util.TreeSet<>();
                tables.stream().filter(table -> declaredTags(table).contains(term.tag())).forEach(table -> assets.add(table.name().toString()));
                tags.stream().filter(tag -> Glossary.term(tag.tag()).equals(Optional.of(term))).forEach(tag -> assets.add(tag.target()));
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("tag", term.tag());
                document.put("name", term.name());
                document.put("definition", term.definition());
                document.put("assets", List.copyOf(assets));
                terms.add(document);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(terms));
                return;
            }
            for (Map<String, Object> term : terms) {
                out.printf("%s (%s)%n  %s%n", term.get("name"), term.get("tag"), term.get("definition"));
                @SuppressWarnings("unchecked")
                List<String> assets = (List<String>) term.get("assets");
                assets.forEach(asset -> out.printf("    %s%n", asset));
            }
        }
    }

    /** The tags a pipeline declares on the dataset a table is. */
    static java.util.Set<String> declaredTags(TableDefinition table) {
        String tags = table.parameters().getOrDefault("lagoa.tags", "");
        return tags.isEmpty() ? java.util.Set.of() : java.util.Set.of(tags.split(","));
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

    private static Map<String, Object> tag(AssetTag tag) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("column", tag.column().orElse(null));
        document.put("tag", tag.tag());
        document.put("source", tag.source().name().toLowerCase(Locale.ROOT));
        document.put("note", tag.note());
        document.put("by", tag.by());
        document.put("tagged_at", tag.taggedAt().toString());
        return document;
    }

    private static Map<String, String> column(TableColumn column) {
        return Map.of("name", column.name(), "type", column.type(), "comment", column.comment());
    }
}
