package dev.lagoa.jobs.importau;

/**
 * Whether a CPF (11 digits) or CNPJ (14 digits) has valid check digits (the Receita Federal's modulo-11 rule). The
 * control plane's generator has its own copy: a job carries no dependency but Spark.
 */
final class BrazilianDocument {
    private static final int[] CPF_WEIGHTS = {11, 10, 9, 8, 7, 6, 5, 4, 3, 2};
    private static final int[] CNPJ_WEIGHTS = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};

    private BrazilianDocument() {}

    static boolean isValid(String document) {
        if (document == null || !document.matches("\\d{11}|\\d{14}")) {
            return false;
        }
        int[] digits = document.chars().map(c -> c - '0').toArray();
        if (digits.length == 11) {
            boolean repeated = document.chars().distinct().count() == 1;
            return !repeated && checkDigit(digits, 9, CPF_WEIGHTS) == digits[9] && checkDigit(digits, 10, CPF_WEIGHTS) == digits[10];
        }
        return checkDigit(digits, 12, CNPJ_WEIGHTS) == digits[12] && checkDigit(digits, 13, CNPJ_WEIGHTS) == digits[13];
    }

    private static int checkDigit(int[] digits, int count, int[] weights) {
        int sum = 0;
        for (int i = 0; i < count; i++) {
            sum += digits[i] * weights[weights.length - count + i];
        }
        int remainder = sum % 11;
        return remainder < 2 ? 0 : 11 - remainder;
    }
}
