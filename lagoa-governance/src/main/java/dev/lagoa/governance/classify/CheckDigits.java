package dev.lagoa.governance.classify;

import dev.lagoa.contracts.BrazilianDocuments;

/**
 * Check-digit arithmetic of payment cards, on bare digits; CPF and CNPJ check digits are
 * {@link dev.lagoa.contracts.BrazilianDocuments}'.
 */
final class CheckDigits {
    private CheckDigits() {}

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
        return BrazilianDocuments.allDigits(text);
    }

    static boolean allSame(String text) {
        return BrazilianDocuments.allSame(text);
    }
}
