package dev.lagoa.governance.classify;

/**
 * Check-digit arithmetic of Brazilian documents and payment cards, on bare characters (no dots, slashes or dashes).
 */
final class CheckDigits {
    private static final int[] CNPJ_FIRST_WEIGHTS = {5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
    private static final int[] CNPJ_SECOND_WEIGHTS = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};

    private CheckDigits() {}

    /** 11 digits, not all the same, whose last two are the mod-11 check digits of the first nine. */
    static boolean isValidCpf(String digits) {
        if (digits.length() != 11 || !allDigits(digits) || allSame(digits)) {
            return false;
        }
        return cpfDigit(digits, 9) == digits.charAt(9) - '0' && cpfDigit(digits, 10) == digits.charAt(10) - '0';
    }

    private static int cpfDigit(String digits, int length) {
        int sum = 0;
        for (int index = 0; index < length; index++) {
            sum += (digits.charAt(index) - '0') * (length + 1 - index);
        }
        int remainder = sum % 11;
        return remainder < 2 ? 0 : 11 - remainder;
    }

    /**
     * 14 characters, not all the same: 12 of {@code 0-9} and {@code A-Z} (the alphanumeric CNPJ the Receita Federal
     * issues from July 2026; all digits before) and two check digits. Each character counts as its ASCII code minus 48
     * ({@code 0} is 0, {@code A} is 17, {@code Z} is 42), weighted 2 to 9 from the right and repeating, modulo 11; a
     * remainder of 0 or 1 gives the digit 0, any other {@code 11 - remainder}. For digits this is the classic CNPJ rule.
     */
    static boolean isValidCnpj(String characters) {
        if (characters.length() != 14 || allSame(characters)) {
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

    private static int cnpjDigit(String characters, int[] weights) {
        int sum = 0;
        for (int index = 0; index < weights.length; index++) {
            sum += (characters.charAt(index) - 48) * weights[index];
        }
        int remainder = sum % 11;
        return remainder < 2 ? 0 : 11 - remainder;
    }

    /** Digits whose Luhn (mod 10) sum is a multiple of ten. */
    static boolean passesLuhn(String digits) {
        if (digits.isEmpty() || !allDigits(digits)) {
            return false;
        }
        int sum = 0;
        boolean doubled = false;
        for (int index = digits.length() - 1; index >= 0; index--) {
            int digit = digits.charAt(index) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    static boolean allDigits(String text) {
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            if (character < '0' || character > '9') {
                return false;
            }
        }
        return !text.isEmpty();
    }

    static boolean allSame(String text) {
        for (int index = 1; index < text.length(); index++) {
            if (text.charAt(index) != text.charAt(0)) {
                return false;
            }
        }
        return true;
    }
}
