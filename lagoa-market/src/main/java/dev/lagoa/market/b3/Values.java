package dev.lagoa.market.b3;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Typed values of raw pt-br texts: null when the text is absent or not in the format (the validator says why). */
final class Values {
    private Values() {}

    static BigDecimal decimal(String text) {
        return text == null || BrazilianNumbers.decimalProblem(text) != null ? null : BrazilianNumbers.parseDecimal(text);
    }

    static Long integer(String text) {
        if (text == null || BrazilianNumbers.integerProblem(text) != null) {
            return null;
        }
        try {
            return BrazilianNumbers.parseLong(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static LocalDate date(String text) {
        if (text == null) {
            return null;
        }
        try {
            return BrazilianNumbers.parseDate(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
