package dev.lagoa.importau;

import java.util.SplittableRandom;

/**
 * CPF (11 digits) and CNPJ (14 digits) numbers with their check digits, computed by the Receita Federal's modulo-11
 * rule: each check digit is 11 − (weighted sum mod 11), or 0 when that remainder is below 2.
 */
public final class BrazilianDocuments {
    private static final int[] CPF_WEIGHTS = {11, 10, 9, 8, 7, 6, 5, 4, 3, 2};
    private static final int[] CNPJ_WEIGHTS = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};

    private BrazilianDocuments() {}

    /** A random valid CPF, digits only; never a run of one repeated digit (which the rule accepts but the Receita does not). */
    public static String cpf(SplittableRandom random) {
        int[] digits = new int[11];
        do {
            for (int i = 0; i < 9; i++) {
                digits[i] = random.nextInt(10);
            }
        } while (allSame(digits, 9));
        digits[9] = checkDigit(digits, 9, CPF_WEIGHTS);
        digits[10] = checkDigit(digits, 10, CPF_WEIGHTS);
        return text(digits);
    }

    /** A random valid CNPJ of a head office ({@code 0001}), digits only. */
    public static String cnpj(SplittableRandom random) {
        int[] digits = new int[14];
        for (int i = 0; i < 8; i++) {
            digits[i] = random.nextInt(10);
        }
        digits[8] = 0;
        digits[9] = 0;
        digits[10] = 0;
        digits[11] = 1;
        digits[12] = checkDigit(digits, 12, CNPJ_WEIGHTS);
        digits[13] = checkDigit(digits, 13, CNPJ_WEIGHTS);
        return text(digits);
    }

    /** Whether {@code document} is 11 digits with valid CPF check digits, or 14 with valid CNPJ ones. */
    public static boolean isValid(String document) {
        if (document == null || !document.matches("\\d{11}|\\d{14}")) {
            return false;
        }
        int[] digits = document.chars().map(c -> c - '0').toArray();
        if (digits.length == 11) {
            return !allSame(digits, 11) && checkDigit(digits, 9, CPF_WEIGHTS) == digits[9] && checkDigit(digits, 10, CPF_WEIGHTS) == digits[10];
        }
        return checkDigit(digits, 12, CNPJ_WEIGHTS) == digits[12] && checkDigit(digits, 13, CNPJ_WEIGHTS) == digits[13];
    }

    /** The document with its last check digit changed: what a typing error leaves. */
    static String withWrongCheckDigit(String document) {
        char last = document.charAt(document.length() - 1);
        return document.substring(0, document.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }

    /** The check digit over the first {@code count} digits, with the last {@code count} weights. */
    private static int checkDigit(int[] digits, int count, int[] weights) {
        int sum = 0;
        for (int i = 0; i < count; i++) {
            sum += digits[i] * weights[weights.length - count + i];
        }
        int remainder = sum % 11;
        return remainder < 2 ? 0 : 11 - remainder;
    }

    private static boolean allSame(int[] digits, int count) {
        for (int i = 1; i < count; i++) {
            if (digits[i] != digits[0]) {
                return false;
            }
        }
        return true;
    }

    private static String text(int[] digits) {
        StringBuilder out = new StringBuilder(digits.length);
        for (int digit : digits) {
            out.append((char) ('0' + digit));
        }
        return out.toString();
    }
}
