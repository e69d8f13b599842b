package dev.lagoa.core.catalog;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A column of a catalogued table: a lower-case name, a Glue/Hive type name ({@code string}, {@code bigint}, {@code int},
 * {@code double}, {@code boolean}, {@code date}, {@code timestamp}, {@code decimal(9,3)}, {@code array<string>}, ...) and
 * a description (empty when unknown) of at most 255 bytes in UTF-8 on one line, as Glue takes it.
 */
public record TableColumn(String name, String type, String comment) {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,254}");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\(\\d+(,\\d+)?\\))?|(array|map|struct)<.+>");

    public TableColumn {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(comment, "comment is null");
        if (!NAME.matcher(name).matches()) {
            throw LagoaException.userError("Invalid column name '%s': lower-case letters, digits and '_', at most 255", name);
        }
        if (!TYPE.matcher(type).matches()) {
            throw LagoaException.userError("Invalid type '%s' of column '%s': use a Glue type name such as string, bigint or decimal(9,3)", type, name);
        }
        if (comment.getBytes(StandardCharsets.UTF_8).length > 255 || !TableDefinition.isSingleLine(comment)) {
            throw LagoaException.userError("Invalid comment of column '%s': at most 255 bytes in UTF-8, on one line", name);
        }
    }
}
