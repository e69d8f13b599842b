package dev.lagoa.market.b3;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/**
 * Numbers and dates as B3 writes them in pt-br, read strictly: thousands grouped by dots of exactly three digits
 * (or not grouped at all), decimals after a comma, dates {@code dd/MM/yy} in the 2000s. A value in any other shape
 * ({@code "99,015,750,716"}, {@code "2.66"}, {@code " 5,7"}) is refused, never guessed.
 */
public final class BrazilianNumbers {
    private static final Pattern DECIMAL = Pattern.compile("-?(\\d{1,3}(\\.\\d{3})+|\\d+)(,\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("-?(\\d{1,3}(\\.\\d{3})+|\\d+)");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/uu").withResolverStyle(ResolverStyle.STRICT);

    private BrazilianNumbers() {}

    /**
     * {@code "18.553.794,87445950"} → {@code 18553794.87445950}, exactly (the scale is the number of decimals written).
     *
     * @throws IllegalArgumentException when {@code text} is not a pt-br decimal
     */
    public static BigDecimal parseDecimal(String text) {
        String problem = decimalProblem(text);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new BigDecimal(text.replace(".", "").replace(',', '.'));
    }

    /**
     * {@code "4.566.441.248"} → {@code 4566441248}.
     *
     * @throws IllegalArgumentException when {@code text} is not a pt-br integer or does not fit a long
     */
    public static long parseLong(String text) {
        String problem = integerProblem(text);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        try {
            return Long.parseLong(text.replace(".", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'%s' is too large for a quantity".formatted(text), e);
        }
    }

    /**
     * {@code "08/12/22"} → 2022-12-08: day first, two-digit year in 2000–2099.
     *
     * @throws IllegalArgumentException when {@code text} is not such a date
     */
    public static LocalDate parseDate(String text) {
        requireNonNull(text, "text is null");
        try {
            return LocalDate.parse(text, DATE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'%s' is not a date dd/MM/yy".formatted(text), e);
        }
    }

    /** Why {@code text} is not a pt-br decimal, or null when it is one. */
    public static String decimalProblem(String text) {
        requireNonNull(text, "text is null");
        if (DECIMAL.matcher(text).matches()) {
            return null;
        }
        return "'%s' is not a pt-br decimal (thousands grouped by dots of 3 digits, decimals after a comma: 18.553.794,87445950)".formatted(text);
    }

    /** Why {@code text} is not a pt-br integer, or null when it is one. */
    public static String integerProblem(String text) {
        requireNonNull(text, "text is null");
        if (INTEGER.matcher(text).matches()) {
            return null;
        }
        return "'%s' is not a pt-br integer (thousands grouped by dots of 3 digits: 4.566.441.248)".formatted(text);
    }
}
