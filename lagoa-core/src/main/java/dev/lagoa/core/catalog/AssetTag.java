package dev.lagoa.core.catalog;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tag on a catalogued table or one of its columns: a business term ({@code core-domain}, {@code bi}) or a
 * classification ({@code PII.CPF}), where it came from, and why — the evidence of a classifier, the note of a person.
 */
public record AssetTag(TableName table, Optional<String> column, String tag, Source source, String note, String by, Instant taggedAt) {
    private static final Pattern TAG = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,127}");

    /** Who put a tag. */
    public enum Source {
        /** A person, with {@code lagoa catalog tag}. */
        MANUAL,
        /** The classifier of a crawl, from a sample of the column's values. */
        CLASSIFIER
    }

    public AssetTag {
        requireNonNull(table, "table is null");
        requireNonNull(column, "column is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(source, "source is null");
        requireNonNull(note, "note is null");
        requireNonNull(by, "by is null");
        requireNonNull(taggedAt, "taggedAt is null");
        if (!TAG.matcher(tag).matches()) {
            throw LagoaException.userError("Invalid tag '%s': letters, digits, '_', '.', '-', starting with a letter, at most 128", tag);
        }
    }

    /** {@code lagoa.ibov_ativos} or {@code lagoa.ibov_ativos.acao}. */
    public String target() {
        return table + column.map(name -> "." + name).orElse("");
    }
}
