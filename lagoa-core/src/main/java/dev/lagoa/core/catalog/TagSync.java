package dev.lagoa.core.catalog;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Access-control tags kept in step with the catalog's tags, as AWS Lake Formation holds them (LF-Tags): a tag is a key
 * with a declared set of values, and a table or a column carries at most one value of each key; a column inherits its
 * table's value unless it has its own. Implementation: {@code LakeFormationTagSync}. Arguments are never null;
 * failures are {@code LagoaException}s.
 */
public interface TagSync extends Closeable {
    /**
     * Makes the keys of {@code vocabulary} exist with at least its values (values are added, never removed), then makes
     * each table, and each column named, carry exactly the values given for those keys: missing ones are added, others
     * replaced, and values of these keys no longer wanted are removed. Keys outside the vocabulary are never touched.
     * With {@code dryRun}, only reads and returns what it would change. Returns the changes, in the order made.
     */
    List<TagChange> sync(Map<String, Set<String>> vocabulary, List<TableTags> tables, boolean dryRun);

    @Override
    void close();

    /**
     * The tags a table should carry: its own ({@code key → value}), and those of the columns that differ from the
     * table's ({@code column → key → value}). A column not named inherits the table's.
     */
    record TableTags(TableName table, Map<String, String> tableTags, Map<String, Map<String, String>> columnTags) {
        public TableTags {
            requireNonNull(table, "table is null");
            tableTags = Map.copyOf(requireNonNull(tableTags, "tableTags is null"));
            columnTags = requireNonNull(columnTags, "columnTags is null").entrySet().stream()
                    .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> Map.copyOf(entry.getValue())));
        }
    }

    /** One change made (or, in a dry run, to be made). */
    record TagChange(Kind kind, String target, String key, List<String> values) {
        /** What changed. */
        public enum Kind {
            /** A key was created with these values. */
            CREATE_KEY,
            /** Values were added to an existing key. */
            ADD_VALUES,
            /** The target now carries this value of the key. */
            ASSIGN,
            /** The target no longer carries these values of the key. */
            REMOVE
        }

        public TagChange {
            requireNonNull(kind, "kind is null");
            requireNonNull(target, "target is null");
            requireNonNull(key, "key is null");
            values = List.copyOf(requireNonNull(values, "values is null"));
        }

        /** {@code assign lagoa_pii=cpf to lagoa_importau.clientes.cpf}. */
        @Override
        public String toString() {
            String joined = String.join(",", values);
            return switch (kind) {
                case CREATE_KEY -> "create LF-Tag %s with values %s".formatted(key, joined);
                case ADD_VALUES -> "add values %s to LF-Tag %s".formatted(joined, key);
                case ASSIGN -> "assign %s=%s to %s".formatted(key, joined, target);
                case REMOVE -> "remove %s=%s from %s".formatted(key, joined, target);
            };
        }
    }
}
