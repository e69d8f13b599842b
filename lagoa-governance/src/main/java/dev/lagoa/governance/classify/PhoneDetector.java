package dev.lagoa.governance.classify;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brazilian phone numbers with an area code (DDD): an optional {@code +55}, one of the 67 DDDs Anatel assigns, then a
 * mobile number of nine digits starting with 9 (the second digit not 0) or a landline of eight digits starting with 2
 * to 5. Written as {@code +55 (11) 98765-4321}, {@code (11) 3456-7890}, {@code 11 98765-4321} or bare digits. Bare
 * digits ({@code 11987654321}, {@code 5511987654321}) are just as often order numbers and ids, so they count only when
 * the column's name says phone.
 */
final class PhoneDetector implements Detector {
    private static final Pattern NUMBER = Pattern.compile("(\\+55 ?|55 )?(?:\\((\\d{2})\\) ?|(\\d{2})( ?))(\\d{4,5})([ -]?)(\\d{4})");
    private static final Pattern BARE_WITH_COUNTRY = Pattern.compile("55\\d{10,11}");
    private static final Set<Integer> AREA_CODES = Set.of(
            11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46, 47, 48, 49,
            51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89,
            91, 92, 93, 94, 95, 96, 97, 98, 99);
    private static final List<List<String>> NAME_SIGNALS = ColumnNames.phrases(
            "telefone", "fone", "tel", "celular", "cel", "phone", "mobile", "whatsapp", "whats", "ddd");

    @Override
    public PiiTag tag() {
        return PiiTag.PHONE;
    }

    @Override
    public String rule() {
        return "br-phone-number";
    }

    @Override
    public String description() {
        return "Brazilian phone: optional +55, a DDD Anatel assigns (11 to 99), a 9-digit mobile starting 9 or an 8-digit landline "
                + "starting 2 to 5; bare digits only when the column name says phone";
    }

    @Override
    public List<List<String>> nameSignals() {
        return NAME_SIGNALS;
    }

    @Override
    public boolean matches(String value, boolean nameSignal) {
        Parsed parsed = parse(value);
        return parsed != null && (parsed.formatted() || nameSignal);
    }

    @Override
    public String mask(String value) {
        Parsed parsed = parse(value);
        String subscriber = parsed.subscriber();
        int firstGroup = subscriber.length() - 4;
        return "(" + parsed.areaCode() + ") " + subscriber.charAt(0) + "*".repeat(firstGroup - 1) + "-**" + subscriber.substring(subscriber.length() - 2);
    }

    private static Parsed parse(String value) {
        if (value.length() > 24) {
            return null;
        }
        boolean bareWithCountry = BARE_WITH_COUNTRY.matcher(value).matches();
        Matcher matcher = NUMBER.matcher(bareWithCountry ? value.substring(2) : value);
        if (!matcher.matches()) {
            return null;
        }
        String areaCode = matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
        String subscriber = matcher.group(5) + matcher.group(7);
        if (!AREA_CODES.contains(Integer.parseInt(areaCode)) || !isSubscriber(subscriber)) {
            return null;
        }
        boolean separated = matcher.group(4) != null && !matcher.group(4).isEmpty() || !matcher.group(6).isEmpty();
        boolean formatted = !bareWithCountry && (matcher.group(1) != null || matcher.group(2) != null || separated);
        return new Parsed(areaCode, subscriber, formatted);
    }

    private static boolean isSubscriber(String subscriber) {
        if (CheckDigits.allSame(subscriber.substring(subscriber.length() - 8))) {
            return false;
        }
        if (subscriber.length() == 9) {
            return subscriber.charAt(0) == '9' && subscriber.charAt(1) != '0';
        }
        return subscriber.charAt(0) >= '2' && subscriber.charAt(0) <= '5';
    }

    private record Parsed(String areaCode, String subscriber, boolean formatted) {}
}
