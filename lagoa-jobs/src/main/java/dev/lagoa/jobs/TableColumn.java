package dev.lagoa.jobs;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * One column of a table a job writes: its name (snake_case), its Spark type and its description, which the catalog
 * shows as the column's comment.
 */
public record TableColumn(String name, DataType type, String comment) implements Serializable {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    public TableColumn {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(comment, "comment is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid column name '" + name + "': use lower-case letters, digits and underscores");
        }
        if (comment.isBlank()) {
            throw new IllegalArgumentException("Column " + name + " has no description");
        }
    }

    public static TableColumn of(String name, DataType type, String comment) {
        return new TableColumn(name, type, comment);
    }

    /** The Glue (Hive) type name: {@code string}, {@code bigint}, {@code decimal(9,3)}, {@code date}, ... */
    public String typeName() {
        return type.catalogString();
    }

    /** A nullable Spark field of this name and type. */
    public StructField field() {
        return DataTypes.createStructField(name, type, true);
    }
}
