package dev.lagoa.governance.classify;

import dev.lagoa.contracts.BrazilianDocuments;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CNPJ: {@code 12.345.678/0001-95} or 14 bare characters, numeric or in the alphanumeric format (12 of {@code 0-9A-Z}
 * and two numeric check digits: {@code 12.ABC.345/01DE-35}), with valid check digits.
 */
final class CnpjDetector implements Detector {
    private static final Pattern FORMATTED = Pattern.compile("[0-9A-Z]{2}\\.[0-9A-Z]{3}\\.[0-9A-Z]{3}/[0-9A-Z]{4}-\\d{2}");
    private static final Pattern BARE = Pattern.compile("[0-9A-Z]{12}\\d{2}");
    private static final List<List<String>> NAME_SIGNALS = ColumnNames.phrases("cnpj");

    @Override
    public PiiTag tag() {
        return PiiTag.CNPJ;
    }

    @Override
    public String rule() {
        return "cnpj-check-digits";
    }

    @Override
    public String description() {
        return "CNPJ as 00.000.000/0000-00 or 14 bare characters, numeric or alphanumeric (12 of 0-9 and A-Z), "
                + "whose two mod-11 check digits over ASCII-48 values are valid";
    }

    @Override
    public List<List<String>> nameSignals() {
        return NAME_SIGNALS;
    }

    @Override
    public boolean matches(String value, boolean nameSignal) {
        return (FORMATTED.matcher(value).matches() || BARE.matcher(value).matches()) && BrazilianDocuments.isValidCnpj(characters(value));
    }

    @Override
    public String mask(String value) {
        String characters = characters(value);
        return "**." + characters.substring(2, 5) + "." + characters.substring(5, 8) + "/****-**";
    }

    private static String characters(String value) {
        return value.replace(".", "").replace("/", "").replace("-", "");
    }
}
