package dev.lagoa.governance.classify;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Payment card numbers: 13 to 19 digits, bare or in groups split by spaces or by hyphens, passing the Luhn check, whose
 * issuer prefix (IIN) and length belong to a known brand: Visa, Mastercard, American Express, Diners, Discover, JCB,
 * UnionPay, Maestro, and the Brazilian Elo and Hipercard.
 */
final class CreditCardDetector implements Detector {
    private static final Pattern GROUPED = Pattern.compile("\\d{13,19}|\\d{4}(?: \\d{3,6}){2,4}|\\d{4}(?:-\\d{3,6}){2,4}");
    private static final List<List<String>> NAME_SIGNALS = ColumnNames.phrases("cartao", "card", "creditcard", "cartao credito", "pan");
    private static final List<Brand> BRANDS = List.of(
            new Brand("visa", "4", "4", Set.of(13, 16, 19)),
            new Brand("mastercard", "51", "55", Set.of(16)),
            new Brand("mastercard", "2221", "2720", Set.of(16)),
            new Brand("amex", "34", "34", Set.of(15)),
            new Brand("amex", "37", "37", Set.of(15)),
            new Brand("diners", "300", "305", Set.of(14, 16)),
            new Brand("diners", "36", "36", Set.of(14, 16)),
            new Brand("diners", "38", "39", Set.of(14, 16)),
            new Brand("discover", "6011", "6011", Set.of(16, 17, 18, 19)),
            new Brand("discover", "644", "649", Set.of(16, 17, 18, 19)),
            new Brand("discover", "65", "65", Set.of(16, 17, 18, 19)),
            new Brand("jcb", "3528", "3589", Set.of(16, 17, 18, 19)),
            new Brand("unionpay", "62", "62", Set.of(16, 17, 18, 19)),
            new Brand("maestro", "5018", "5018", Set.of(13, 16, 19)),
            new Brand("maestro", "5020", "5020", Set.of(13, 16, 19)),
            new Brand("maestro", "5038", "5038", Set.of(13, 16, 19)),
            new Brand("maestro", "6304", "6304", Set.of(13, 16, 19)),
            new Brand("maestro", "6759", "6759", Set.of(13, 16, 19)),
            new Brand("maestro", "6761", "6763", Set.of(13, 16, 19)),
            new Brand("elo", "401178", "401179", Set.of(16)),
            new Brand("elo", "431274", "431274", Set.of(16)),
            new Brand("elo", "438935", "438935", Set.of(16)),
            new Brand("elo", "451416", "451416", Set.of(16)),
            new Brand("elo", "457393", "457393", Set.of(16)),
            new Brand("elo", "457631", "457632", Set.of(16)),
            new Brand("elo", "504175", "504175", Set.of(16)),
            new Brand("elo", "506699", "506778", Set.of(16)),
            new Brand("elo", "509000", "509999", Set.of(16)),
            new Brand("elo", "627780", "627780", Set.of(16)),
            new Brand("elo", "636297", "636297", Set.of(16)),
            new Brand("elo", "636368", "636368", Set.of(16)),
            new Brand("elo", "650031", "650051", Set.of(16)),
            new Brand("elo", "650405", "650439", Set.of(16)),
            new Brand("elo", "650485", "650538", Set.of(16)),
            new Brand("elo", "650541", "650598", Set.of(16)),
            new Brand("elo", "650700", "650727", Set.of(16)),
            new Brand("elo", "650901", "650920", Set.of(16)),
            new Brand("elo", "651652", "651679", Set.of(16)),
            new Brand("elo", "655000", "655058", Set.of(16)),
            new Brand("hipercard", "606282", "606282", Set.of(16, 19)),
            new Brand("hipercard", "3841", "3841", Set.of(16, 19)));

    @Override
    public PiiTag tag() {
        return PiiTag.CREDIT_CARD;
    }

    @Override
    public String rule() {
        return "card-number-luhn";
    }

    @Override
    public String description() {
        return "payment card number: 13 to 19 digits, bare or grouped by spaces or hyphens, passing the Luhn check, "
                + "with the issuer prefix and length of a known brand (Visa, Mastercard, Amex, Diners, Discover, JCB, UnionPay, "
                + "Maestro, Elo, Hipercard)";
    }

    @Override
    public List<List<String>> nameSignals() {
        return NAME_SIGNALS;
    }

    @Override
    public boolean matches(String value, boolean nameSignal) {
        if (value.length() > 23 || !GROUPED.matcher(value).matches()) {
            return false;
        }
        String digits = digits(value);
        return digits.length() >= 13 && digits.length() <= 19 && !CheckDigits.allSame(digits) && isKnownBrand(digits)
                && CheckDigits.passesLuhn(digits);
    }

    /** Only the last four digits, as receipts print them: {@code **** **** **** 1234}. */
    @Override
    public String mask(String value) {
        String digits = digits(value);
        StringBuilder masked = new StringBuilder();
        for (int index = 0; index < digits.length() - 4; index++) {
            if (index > 0 && index % 4 == 0) {
                masked.append(' ');
            }
            masked.append('*');
        }
        return masked.append(' ').append(digits, digits.length() - 4, digits.length()).toString();
    }

    private static boolean isKnownBrand(String digits) {
        for (Brand brand : BRANDS) {
            if (brand.covers(digits)) {
                return true;
            }
        }
        return false;
    }

    private static String digits(String value) {
        return value.replace(" ", "").replace("-", "");
    }

    /** An issuer prefix range, both ends of the same length, and the card lengths it issues. */
    private record Brand(String name, String low, String high, Set<Integer> lengths) {
        boolean covers(String digits) {
            if (!lengths.contains(digits.length())) {
                return false;
            }
            String prefix = digits.substring(0, low.length());
            return prefix.compareTo(low) >= 0 && prefix.compareTo(high) <= 0;
        }
    }
}
