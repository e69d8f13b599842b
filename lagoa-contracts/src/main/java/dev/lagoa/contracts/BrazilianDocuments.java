package dev.lagoa.contracts;

import java.util.SplittableRandom;

/**
 * CPF (11 digits) and CNPJ (14 characters) numbers and their check digits, by the Receita Federal's modulo-11 rule:
 * each check digit is 11 − (weighted sum mod 11), or 0 when that remainder is below 2. The one implementation used by
 * the Bronze generator, the Spark jobs' quality checks and the PII classifier. Null and text of any other shape are
 * simply not valid; nothing here throws.
 */
public final class BrazilianDocuments {
    private static final int[] CNPJ_FIRST_WEIGHTS = {5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
    private static final int[] CNPJ_SECOND_WEIGHTS = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};

    private BrazilianDocuments() {}

    /** 11 digits, not all the same (the rule accepts those, the Receita does not), whose last two check the first nine. */
    public static boolean isValidCpf(String digits) {
        if (digits == null || digits.length() != 11 || !allDigits(digits) || allSame(digits)) {
            return false;
        }
        return cpfDigit(digits, 9) == digits.charAt(9) - '0' && cpfDigit(digits, 10) == digits.charAt(10) - '0';
    }

    /**
     * 14 characters, not all the same: 12 of {@code 0-9} and {@code A-Z} (the alphanumeric CNPJ the Receita Federal
     * issues from July 2026; all digits before) and two check digits. Each character counts as its ASCII code minus 48
     * ({@code 0} is 0, {@code A} is 17, {@code Z} is 42), weighted 2 to 9 from the right and repeating, modulo 11. For
     * digits this is the classic CNPJ rule.
     */
    public static boolean isValidCnpj(String characters) {
        if (characters == null || characters.length() != 14 || allSame(characters)) {
            return false;
        }
        for (int index = 0; index < 12; index++) {
            char character = characters.charAt(index);
            if (!(character >= '0' && character <= '9') && !(character >= 'A' && character <= 'Z')) {
                return false;
            }
        }
        if (!allDigits(characters.substring(12))) {
            return false;
        }
        return cnpjDigit(characters, CNPJ_FIRST_WEIGHTS) == characters.charAt(12) - '0'
                && cnpjDigit(characters, CNPJ_SECOND_WEIGHTS) == characters.charAt(13) - '0';
    }

    /** Whether {@code document} is a valid CPF or a valid CNPJ, bare (no dots, slashes or dashes). */
    public static boolean isValid(String document) {
        return isValidCpf(document) || isValidCnpj(document);
    }

    /** A random valid CPF, digits only, never one repeated digit. */
    public static String randomCpf(SplittableRandom random) {
        StringBuilder digits = new StringBuilder(11);
        do {
            digits.setLength(0);
            for (int index = 0; index < 9; index++) {
                digits.append((char) ('0' + random.nextInt(10)));
            }
        } while (allSame(digits.toString()));
        digits.append((char) ('0' + cpfDigit(digits, 9)));
        digits.append((char) ('0' + cpfDigit(digits, 10)));
        return digits.toString();
    }

    /** A random valid CNPJ of a head office ({@code 0001}), digits only. */
    public static String randomCnpj(SplittableRandom random) {
        StringBuilder characters = new StringBuilder(14);
        for (int index = 0; index < 8; index++) {
            characters.append((char) ('0' + random.nextInt(10)));
        }
        characters.append("0001");
        characters.append((char) ('0' + cnpjDigit(characters, CNPJ_FIRST_WEIGHTS)));
        characters.append((char) ('0' + cnpjDigit(characters, CNPJ_SECOND_WEIGHTS)));
        return characters.toString();
    }

    /** The document with its last check digit changed: what a typing error leaves. */
    public static String withWrongCheckDigit(String document) {
        char last = document.charAt(document.length() - 1);
        return document.substring(0, document.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }

    /** Text of one or more characters, all of them {@code 0-9}. */
    public static boolean allDigits(CharSequence text) {
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            if (character < '0' || character > '9') {
                return false;
            }
        }
        return text.length() > 0;
    }

    /** Whether every character of the text is its first one. */
    public static boolean allSame(CharSequence text) {
        for (int index = 1; index < text.length(); index++) {
            if (text.charAt(index) != text.charAt(0)) {
                return false;
            }
        }
        return true;
    }

    private static int cpfDigit(CharSequence digits, int length) {
        int sum = 0;
        for (int index = 0; index < length; index++) {
            sum += (digits.charAt(index) - '0') * (length + 1 - index);
        }
        return digitOf(sum);
    }

    private static int cnpjDigit(CharSequence characters, int[] weights) {
        int sum = 0;
        for (int index = 0; index < weights.length; index++) {
            sum += (characters.charAt(index) - 48) * weights[index];
        }
        return digitOf(sum);
    }

    private static int digitOf(int sum) {
        int remainder = sum % 11;
        return remainder < 2 ? 0 : 11 - remainder;
    }
}
