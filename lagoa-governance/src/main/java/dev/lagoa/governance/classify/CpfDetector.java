package dev.lagoa.governance.classify;

import dev.lagoa.contracts.BrazilianDocuments;
import java.util.List;
import java.util.regex.Pattern;

/** CPF: {@code 123.456.789-09} or 11 bare digits, with valid check digits, not one digit repeated. */
final class CpfDetector implements Detector {
    private static final Pattern FORMATTED = Pattern.compile("\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}");
    private static final Pattern BARE = Pattern.compile("\\d{11}");
    private static final List<List<String>> NAME_SIGNALS = ColumnNames.phrases("cpf");

    @Override
    public PiiTag tag() {
        return PiiTag.CPF;
    }

    @Override
    public String rule() {
        return "cpf-check-digits";
    }

    @Override
    public String description() {
        return "CPF as 000.000.000-00 or 11 bare digits whose two mod-11 check digits are valid, not one digit repeated";
    }

    @Override
    public List<List<String>> nameSignals() {
        return NAME_SIGNALS;
    }

    @Override
    public boolean matches(String value, boolean nameSignal) {
        return (FORMATTED.matcher(value).matches() || BARE.matcher(value).matches()) && BrazilianDocuments.isValidCpf(digits(value));
    }

    @Override
    public String mask(String value) {
        String digits = digits(value);
        return "***." + digits.substring(3, 6) + "." + digits.substring(6, 9) + "-**";
    }

    private static String digits(String value) {
        return value.replace(".", "").replace("-", "");
    }
}
