package dev.lagoa.jobs.ibov;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * A column of Brazilian number texts as B3 publishes them, {@code "4.566.441.248"} or {@code "18.553.794,87445950"}
 * (thousands grouped by '.', decimals after ','), and the type it becomes. Parsing is strict: every thousands group
 * is required, the decimals may not exceed the type's scale (no silent rounding), and a value that does not fit the
 * type is an error, not a null. The same rules run in Spark ({@link #parse}, {@link #problem}) and on the driver
 * ({@link #check(String)}).
 *
 * @param column the raw column's name
 * @param type a {@link DecimalType}, or {@code bigint} for whole numbers
 * @param required whether a null is an error
 * @param maximum the largest valid value, or null: a percentage above 100 is a number read in another format
 *     ({@code "2.663"} is 2,663 in pt-BR but 2.663 in en-US, which B3 sends for {@code language=en-us})
 */
record PtBrNumber(String column, DataType type, boolean required, BigDecimal maximum) implements Serializable {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final String GROUPS = "^[0-9]{1,3}(\\.[0-9]{3})*";

    PtBrNumber {
        requireNonNull(column, "column is null");
        requireNonNull(type, "type is null");
        if (!(type instanceof DecimalType) && !type.equals(DataTypes.LongType)) {
            throw new IllegalArgumentException("A pt-BR number becomes a decimal or a bigint, not " + type.catalogString());
        }
    }

    static PtBrNumber decimal(String column, DecimalType type) {
        return new PtBrNumber(column, type, true, null);
    }

    /** A percentage, 0 to 100. */
    static PtBrNumber percent(String column, DecimalType type, boolean required) {
        return new PtBrNumber(column, type, required, HUNDRED);
    }

    static PtBrNumber whole(String column) {
        return new PtBrNumber(column, DataTypes.LongType, true, null);
    }

    /** The regular expression a value must match (Java syntax, as Spark's {@code rlike} uses). */
    String pattern() {
        return type instanceof DecimalType decimal ? GROUPS + "(,[0-9]{1," + decimal.scale() + "})?$" : GROUPS + "$";
    }

    /** What a valid value looks like, for error messages. */
    String describe() {
        return type instanceof DecimalType decimal
                ? "a pt-BR number with at most " + decimal.scale() + " decimals (thousands '.', decimal ',')"
                : "a pt-BR whole number (thousands '.')";
    }

    /** The typed value of a text that matches {@link #pattern()}; null when it does not fit the type. */
    Column parse(Column text) {
        Column plain = regexp_replace(text, "\\.", "");
        return type instanceof DecimalType ? regexp_replace(plain, ",", ".").cast(type) : plain.cast(type);
    }

    /** Why a text is not a valid value of this column, or null when it is. */
    Column problem(Column text) {
        return when(text.isNull(), required ? lit("is missing") : lit(null).cast(DataTypes.StringType))
                .when(not(text.rlike(pattern())), lit("is not " + describe()))
                .when(parse(text).isNull(), lit("does not fit " + type.catalogString()))
                .when(maximum == null ? lit(false) : parse(text).gt(lit(maximum)), lit("is more than " + maximum));
    }

    /** Why a text is not a valid value of this column, or null when it is; the driver's twin of {@link #problem(Column)}. */
    String check(String text) {
        if (text == null) {
            return required ? "is missing" : null;
        }
        if (!Pattern.matches(pattern(), text)) {
            return "is not " + describe();
        }
        BigDecimal value = new BigDecimal(text.replace(".", "").replace(',', '.'));
        boolean fits = type instanceof DecimalType decimal
                ? value.precision() - value.scale() <= decimal.precision() - decimal.scale()
                : value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
        if (!fits) {
            return "does not fit " + type.catalogString();
        }
        return maximum != null && value.compareTo(maximum) > 0 ? "is more than " + maximum : null;
    }
}
