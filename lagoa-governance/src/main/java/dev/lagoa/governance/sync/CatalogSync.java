package dev.lagoa.governance.sync;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.catalog.AssetTag;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.Glossary;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TablePartition;
import dev.lagoa.core.catalog.TagStore;
import dev.lagoa.core.catalog.TagSync;
import dev.lagoa.core.catalog.TagSync.TableTags;
import dev.lagoa.core.catalog.TagSync.TagChange;
import dev.lagoa.core.pipeline.Layer;
import dev.lagoa.governance.classify.PiiTag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Pushes the local catalog to a target catalog (the Glue Data Catalog) and its tags to access-control tags (Lake
 * Formation LF-Tags), so that a second run changes nothing.
 *
 * <p>Each table of the source database goes to the database of its pipeline ({@code <prefix><pipeline>}, from the
 * table parameter {@code lagoa.pipeline}), or to a database of the same name as the source's when no pipeline declares
 * it, with its columns and their comments, description and owner. Its parameters are the source's plus
 * {@code lagoa.owner}, {@code lagoa.tags} (the tags the pipeline declares and those people put on the table),
 * {@code lagoa.pii} ({@code cpf:PII.CPF,email:PII.EMAIL}: the classes of its columns) and {@code lagoa.column-tags}
 * (business tags people put on columns). Partitions that the target lacks, or holds at another location, are added.
 *
 * <p>LF-Tags: {@value #LAYER_KEY} (the layer), {@value #BUSINESS_KEY} (the business tag) and {@value #PII_KEY} on
 * each table, {@value #NO_PII} there, overridden on each column that holds personal data by its class ({@code cpf}).
 * Lake Formation lets a resource carry one value per key: an asset with several business tags carries the first in
 * glossary order, and the report says which were left out (all of them are in {@code lagoa.tags}).
 */
public final class CatalogSync {
    public static final String BUSINESS_KEY = "lagoa_business";
    public static final String PII_KEY = "lagoa_pii";
    public static final String LAYER_KEY = "lagoa_layer";
    public static final String NO_PII = "none";
    static final String PII_PARAMETER = "lagoa.pii";
    static final String COLUMN_TAGS_PARAMETER = "lagoa.column-tags";
    static final String TAGS_PARAMETER = "lagoa.tags";
    static final String OWNER_PARAMETER = "lagoa.owner";
    /** Lake Formation's longest value. */
    private static final int LF_VALUE_LENGTH = 50;

    private final Catalog source;
    private final TagStore tags;
    private final Catalog target;
    private final Optional<TagSync> tagSync;
    private final String sourceDatabase;
    private final String databasePrefix;

    /**
     * @param source the local catalog, read only
     * @param target the catalog the tables are pushed to
     * @param tagSync where the tags go as access-control tags; empty to push the tables only
     * @param sourceDatabase the source database ({@code lake.catalog-database}), also the target database of tables no
     *     pipeline declares
     */
    public CatalogSync(Catalog source, TagStore tags, Catalog target, Optional<TagSync> tagSync, String sourceDatabase, String databasePrefix) {
        this.source = requireNonNull(source, "source is null");
        this.tags = requireNonNull(tags, "tags is null");
        this.target = requireNonNull(target, "target is null");
        this.tagSync = requireNonNull(tagSync, "tagSync is null");
        this.sourceDatabase = requireNonNull(sourceDatabase, "sourceDatabase is null");
        this.databasePrefix = requireNonNull(databasePrefix, "databasePrefix is null");
    }

    /** Pushes every table of the source database, or with {@code dryRun} only says what it would change. */
    public SyncReport sync(boolean dryRun) {
        List<TableDefinition> tables = source.tables(sourceDatabase);
        Map<TableName, List<AssetTag>> tagsByTable = tags.all(sourceDatabase).stream()
                .collect(Collectors.groupingBy(AssetTag::table, LinkedHashMap::new, Collectors.toList()));
        List<SyncReport.TableSync> synced = new ArrayList<>();
        List<TableTags> wanted = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (TableDefinition table : tables) {
            List<AssetTag> tableTags = tagsByTable.getOrDefault(table.name(), List.of());
            TableDefinition pushed = pushed(table, tableTags);
            synced.add(syncTable(table, pushed, dryRun));
            wanted.add(accessTags(pushed, tableTags, notes));
        }
        List<TagChange> tagChanges = tagSync.map(sync -> sync.sync(vocabulary(wanted), wanted, dryRun)).orElse(List.of());
        return new SyncReport(dryRun, synced, tagChanges, notes);
    }

    /** The Glue database of a table: its pipeline's, or the source database's name. */
    String database(TableDefinition table) {
        String pipeline = table.parameters().get("lagoa.pipeline");
        if (pipeline == null || pipeline.isBlank()) {
            return sourceDatabase;
        }
        return databasePrefix + pipeline.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** The table as it is pushed: in its pipeline's database, with its tags in parameters. */
    TableDefinition pushed(TableDefinition table, List<AssetTag> tableTags) {
        Map<String, String> parameters = new TreeMap<>(table.parameters());
        Set<String> business = new TreeSet<>(declaredTags(table));
        Map<String, Set<String>> pii = new TreeMap<>();
        Map<String, Set<String>> columnBusiness = new TreeMap<>();
        for (AssetTag tag : tableTags) {
            if (tag.column().isEmpty()) {
                business.add(tag.tag());
            } else if (isPii(tag.tag())) {
                pii.computeIfAbsent(tag.column().get(), column -> new TreeSet<>()).add(tag.tag());
            } else {
                columnBusiness.computeIfAbsent(tag.column().get(), column -> new TreeSet<>()).add(tag.tag());
            }
        }
        put(parameters, OWNER_PARAMETER, table.owner());
        put(parameters, TAGS_PARAMETER, String.join(",", business));
        put(parameters, PII_PARAMETER, pairs(pii));
        put(parameters, COLUMN_TAGS_PARAMETER, pairs(columnBusiness));
        return new TableDefinition(TableName.of(database(table), table.name().table()), table.location(), table.format(), table.columns(),
                table.partitionKeys(), table.description(), table.owner(), parameters);
    }

    private SyncReport.TableSync syncTable(TableDefinition local, TableDefinition pushed, boolean dryRun) {
        Optional<TableDefinition> existing = target.table(pushed.name());
        SyncReport.Action action;
        List<String> changed = new ArrayList<>();
        if (existing.isEmpty()) {
            action = SyncReport.Action.CREATE;
        } else if (existing.get().equals(pushed)) {
            action = SyncReport.Action.UNCHANGED;
        } else {
            action = SyncReport.Action.UPDATE;
            changed.addAll(differences(existing.get(), pushed));
        }
        Map<List<String>, String> held = new HashMap<>();
        if (existing.isPresent()) {
            target.partitions(pushed.name()).forEach(partition -> held.put(partition.values(), partition.location()));
        }
        List<TablePartition> missing = source.partitions(local.name()).stream()
                .filter(partition -> !partition.location().equals(held.get(partition.values())))
                .toList();
        if (!dryRun) {
            if (action != SyncReport.Action.UNCHANGED) {
                target.createOrUpdateTable(pushed);
            }
            if (!missing.isEmpty()) {
                target.addPartitions(pushed.name(), missing);
            }
        }
        return new SyncReport.TableSync(local.name(), pushed.name(), action, changed, missing.size());
    }

    /** What differs between the target's table and the pushed one, for people. */
    static List<String> differences(TableDefinition existing, TableDefinition pushed) {
        List<String> changed = new ArrayList<>();
        if (!existing.location().equals(pushed.location())) {
            changed.add("location");
        }
        if (existing.format() != pushed.format()) {
            changed.add("format");
        }
        if (!existing.columns().equals(pushed.columns())) {
            changed.add("columns");
        }
        if (!existing.partitionKeys().equals(pushed.partitionKeys())) {
            changed.add("partition keys");
        }
        if (!existing.description().equals(pushed.description())) {
            changed.add("description");
        }
        if (!existing.owner().equals(pushed.owner())) {
            changed.add("owner");
        }
        Set<String> keys = new TreeSet<>(existing.parameters().keySet());
        keys.addAll(pushed.parameters().keySet());
        for (String key : keys) {
            if (!java.util.Objects.equals(existing.parameters().get(key), pushed.parameters().get(key))) {
                changed.add("parameter " + key);
            }
        }
        return changed;
    }

    /** The LF-Tags of a pushed table: layer, business tag and "none" on the table, the PII class on PII columns. */
    private static TableTags accessTags(TableDefinition pushed, List<AssetTag> tableTags, List<String> notes) {
        Map<String, String> onTable = new TreeMap<>();
        Optional.ofNullable(pushed.parameters().get("lagoa.layer")).filter(layer -> !layer.isBlank()).ifPresent(layer -> onTable.put(LAYER_KEY, lower(layer)));
        List<String> business = ordered(split(pushed.parameters().getOrDefault(TAGS_PARAMETER, "")).stream().filter(tag -> !isPii(tag)).toList());
        first(business, pushed.name().toString(), BUSINESS_KEY, notes).ifPresent(value -> onTable.put(BUSINESS_KEY, value));
        onTable.put(PII_KEY, NO_PII);
        Map<String, Set<String>> piiByColumn = new TreeMap<>();
        Map<String, Set<String>> businessByColumn = new TreeMap<>();
        for (AssetTag tag : tableTags) {
            tag.column().ifPresent(column -> (isPii(tag.tag()) ? piiByColumn : businessByColumn)
                    .computeIfAbsent(column, name -> new TreeSet<>()).add(tag.tag()));
        }
        Map<String, Map<String, String>> onColumns = new TreeMap<>();
        piiByColumn.forEach((column, classes) -> first(classes.stream().map(CatalogSync::piiValue).sorted().toList(), pushed.name() + "." + column,
                PII_KEY, notes).ifPresent(value -> onColumns.computeIfAbsent(column, name -> new TreeMap<>()).put(PII_KEY, value)));
        businessByColumn.forEach((column, columnTags) -> first(ordered(List.copyOf(columnTags)), pushed.name() + "." + column, BUSINESS_KEY, notes)
                .ifPresent(value -> onColumns.computeIfAbsent(column, name -> new TreeMap<>()).put(BUSINESS_KEY, value)));
        return new TableTags(pushed.name(), onTable, onColumns);
    }

    /** The first value (lower-cased, as Lake Formation stores it), noting the others left out. */
    private static Optional<String> first(List<String> values, String target, String key, List<String> notes) {
        List<String> usable = values.stream().map(CatalogSync::lower).filter(value -> {
            if (value.length() > LF_VALUE_LENGTH) {
                notes.add("%s: tag %s is longer than Lake Formation's %d characters, not set as %s".formatted(target, value, LF_VALUE_LENGTH, key));
                return false;
            }
            return true;
        }).distinct().toList();
        if (usable.isEmpty()) {
            return Optional.empty();
        }
        if (usable.size() > 1) {
            notes.add("%s: %s=%s; Lake Formation allows one value per key, so %s %s only in the Glue parameters".formatted(target, key, usable.get(0),
                    String.join(", ", usable.subList(1, usable.size())), usable.size() == 2 ? "is" : "are"));
        }
        return Optional.of(usable.get(0));
    }

    /** The keys and every value they need: the glossary's terms, the PII classes, the layers, and any other tag in use. */
    static Map<String, Set<String>> vocabulary(List<TableTags> tables) {
        Map<String, Set<String>> vocabulary = new TreeMap<>();
        vocabulary.put(BUSINESS_KEY, Glossary.terms().stream().map(term -> lower(term.tag())).collect(Collectors.toCollection(TreeSet::new)));
        Set<String> pii = new TreeSet<>(Set.of(NO_PII));
        for (PiiTag tag : PiiTag.values()) {
            pii.add(piiValue(tag.value()));
        }
        vocabulary.put(PII_KEY, pii);
        Set<String> layers = new TreeSet<>();
        for (Layer layer : Layer.values()) {
            layers.add(lower(layer.name()));
        }
        vocabulary.put(LAYER_KEY, layers);
        for (TableTags table : tables) {
            table.tableTags().forEach((key, value) -> vocabulary.get(key).add(value));
            table.columnTags().values().forEach(columnTags -> columnTags.forEach((key, value) -> vocabulary.get(key).add(value)));
        }
        return vocabulary;
    }

    /** Glossary terms first, in the glossary's order, then other tags by name. */
    private static List<String> ordered(List<String> tags) {
        List<String> terms = Glossary.terms().stream().map(Glossary.Term::tag).toList();
        return tags.stream().sorted(Comparator.<String>comparingInt(tag -> terms.contains(tag) ? terms.indexOf(tag) : terms.size())
                .thenComparing(Comparator.naturalOrder())).toList();
    }

    /** {@code PII.CPF} → {@code cpf}. */
    static String piiValue(String tag) {
        return lower(tag.startsWith("PII.") ? tag.substring("PII.".length()) : tag);
    }

    private static boolean isPii(String tag) {
        return tag.startsWith("PII.");
    }

    private static Set<String> declaredTags(TableDefinition table) {
        return new TreeSet<>(split(table.parameters().getOrDefault(TAGS_PARAMETER, "")));
    }

    private static List<String> split(String tags) {
        return tags.isBlank() ? List.of() : java.util.Arrays.stream(tags.split(",")).map(String::trim).filter(tag -> !tag.isEmpty()).toList();
    }

    private static String pairs(Map<String, Set<String>> byColumn) {
        List<String> pairs = new ArrayList<>();
        byColumn.forEach((column, values) -> values.forEach(value -> pairs.add(column + ":" + value)));
        return String.join(",", pairs);
    }

    private static void put(Map<String, String> parameters, String key, String value) {
        if (value.isEmpty()) {
            parameters.remove(key);
        } else {
            parameters.put(key, value);
        }
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
