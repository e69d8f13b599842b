package dev.lagoa.governance.classify;

import java.util.List;
import java.util.regex.Pattern;

/**
 * CEP: {@code 01310-100} (or the older {@code 01.310-100}) from 01000-000 up, not one digit repeated. Eight bare
 * digits are just as often dates ({@code 20240115}), NCM codes and ids, so they count only when the column's name says
 * CEP.
 */
final class CepDetector implements Detector {
    private static final Pattern FORMATTED = Pattern.compile("\\d{5}-\\d{3}|\\d{2}\\.\\d{3}-\\d{3}");
    private static final Pattern BARE = Pattern.compile("\\d{8}");
    private static final List<List<String>> NAME_SIGNALS = ColumnNames.phrases(
            "cep", "zip", "zipcode", "zip code", "postal", "postcode", "codigo postal");

    @Override
    public PiiTag tag() {
        return PiiTag.CEP;
    }

    @Override
    public String rule() {
        return "cep";
    }

    @Override
    public String description() {
        return "CEP as 00000-000 or 00.000-000 from 01000-000 up, not one digit repeated; 8 bare digits only when the column name says CEP";
    }

    @Override
    public List<List<String>> nameSignals() {
        return NAME_SIGNALS;
    }

    @Override
    public boolean matches(String value, boolean nameSignal) {
        boolean formatted = FORMATTED.matcher(value).matches();
        if (!formatted && !(nameSignal && BARE.matcher(value).matches())) {
            return false;
        }
        String digits = digits(value);
        return digits.compareTo("01000000") >= 0 && !CheckDigits.allSame(digits);
    }

    @Override
    public String mask(String value) {
        return digits(value).substring(0, 2) + "***-***";
    }

    private static String digits(String value) {
        return value.replace(".", "").replace("-", "");
    }
}
