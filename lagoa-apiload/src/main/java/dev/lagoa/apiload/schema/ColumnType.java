package dev.lagoa.apiload.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Optional;

/**
 * The PostgreSQL type of a loaded column, inferred from JSON values. Numbers widen along
 * {@code integer → bigint → numeric}; any scalar widens to {@code text}; {@code jsonb} holds any JSON value.
 */
public enum ColumnType {
    BOOLEAN("boolean"),
    INTEGER("integer"),
    BIGINT("bigint"),
    NUMERIC("numeric"),
    TEXT("text"),
    JSONB("jsonb");

    private final String sql;

    ColumnType(String sql) {
        this.sql = sql;
    }

    /** The type's name in SQL. */
    public String sql() {
        return sql;
    }

    public static ColumnType parse(String sql) {
        for (ColumnType type : values()) {
            if (type.sql.equals(sql)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown column type: " + sql);
    }

    /** The narrowest type that holds a non-null value: objects and arrays (kept whole) are {@code jsonb}. */
    public static ColumnType of(JsonNode value) {
        // The loader's own nodes first, by class: a virtual call on a JsonNode of any of a dozen classes costs more than these tests.
        if (value instanceof TextNode) {
            return TEXT;
        }
        if (value instanceof IntNode) {
            return INTEGER;
        }
        if (value instanceof DecimalNode) {
            return NUMERIC;
        }
        if (value instanceof BooleanNode) {
            return BOOLEAN;
        }
        if (value.isBoolean()) {
            return BOOLEAN;
        }
        if (value.isIntegralNumber()) {
            if (value.canConvertToInt()) {
                return INTEGER;
            }
            return value.canConvertToLong() ? BIGINT : NUMERIC;
        }
        if (value.isNumber()) {
            return NUMERIC;
        }
        if (value.isTextual()) {
            return TEXT;
        }
        return JSONB;
    }

    public boolean isNumber() {
        return this == INTEGER || this == BIGINT || this == NUMERIC;
    }

    /**
     * Whether a value of {@code value}'s type is stored in a column of this type as it is. A text column that was
     * created for strings does not take numbers or booleans (that is a change of the field's type, handled by the
     * contract); one that was widened to text takes every scalar.
     */
    public boolean holds(ColumnType value, boolean widenedToText) {
        return switch (this) {
            case BOOLEAN, INTEGER -> value == this;
            case BIGINT -> value == INTEGER || value == BIGINT;
            case NUMERIC -> value.isNumber();
            case TEXT -> value == TEXT || widenedToText && value != JSONB;
            case JSONB -> true;
        };
    }

    /**
     * The type this column safely widens to so that it holds {@code value} as well (with
     * {@code ALTER ... TYPE ... USING}), or empty when no widening is safe: numbers widen to the wider number, a
     * scalar column takes a string by becoming text; text receiving a number, or a scalar column receiving an
     * object, is not a widening.
     */
    public Optional<ColumnType> widenedFor(ColumnType value) {
        if (holds(value, false)) {
            return Optional.of(this);
        }
        if (isNumber() && value.isNumber()) {
            return Optional.of(value.ordinal() > ordinal() ? value : this);
        }
        if (this != TEXT && this != JSONB && value != JSONB) {
            return Optional.of(TEXT);
        }
        return Optional.empty();
    }

    /** The variant family of a value's type: a value that neither fits nor widens its column goes to {@code <column>__v_<family>}. */
    public String variantFamily() {
        return switch (this) {
            case BOOLEAN -> "boolean";
            case INTEGER, BIGINT, NUMERIC -> "number";
            case TEXT -> "text";
            case JSONB -> "json";
        };
    }
}
