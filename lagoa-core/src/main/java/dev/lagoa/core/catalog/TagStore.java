package dev.lagoa.core.catalog;

import java.io.Closeable;
import java.util.List;
import java.util.Optional;

/**
 * The tags of the catalog's tables and columns, and the classifications people dismissed. A tag is identified by its
 * table, column (empty for the table) and name: adding it again replaces its note. A dismissed classification is not
 * put back by later crawls. Implementation: {@code SqliteTagStore}. Arguments are never null.
 */
public interface TagStore extends Closeable {
    /** Adds or replaces a tag. */
    void add(AssetTag tag);

    /** Removes a tag; false when there was none. */
    boolean remove(TableName table, Optional<String> column, String tag);

    /** The tags of a table and its columns, table tags first, then by column and tag. */
    List<AssetTag> tags(TableName table);

    /** Every tag of a database. */
    List<AssetTag> all(String database);

    /**
     * Replaces the classifier's tags of a table with {@code tags}, leaving out those dismissed; tags of people stay.
     * Returns the tags kept.
     */
    List<AssetTag> replaceClassified(TableName table, List<AssetTag> tags);

    /** Dismisses a classification as a false positive: it is removed now and never put back. */
    void dismiss(Dismissal dismissal);

    /** The dismissals of a database. */
    List<Dismissal> dismissals(String database);

    @Override
    void close();

    /** A classification a person said is wrong, with why. */
    record Dismissal(TableName table, String column, String tag, String reason, String by, java.time.Instant at) {
        public Dismissal {
            java.util.Objects.requireNonNull(table, "table is null");
            java.util.Objects.requireNonNull(column, "column is null");
            java.util.Objects.requireNonNull(tag, "tag is null");
            java.util.Objects.requireNonNull(reason, "reason is null");
            java.util.Objects.requireNonNull(by, "by is null");
            java.util.Objects.requireNonNull(at, "at is null");
        }
    }
}
