package dev.lagoa.governance.classify;

import java.util.List;
import java.util.regex.Pattern;

/**
 * E-mail addresses in the conservative subset of RFC 5322 that mail systems deliver: a dot-atom local part (no quoted
 * strings, no comments) of at most 64 characters, {@code @}, and a domain of LDH labels ending in an alphabetic
 * top-level label; at most 254 characters in all.
 */
final class EmailDetector implements Detector {
    private static final String ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern ADDRESS = Pattern.compile(ATOM + "(?:\\." + ATOM + ")*@(?:" + LABEL + "\\.)+[A-Za-z]{2,63}");
    private static final List<List<String>> NAME_SIGNALS = ColumnNames.phrases("email", "e-mail", "mail", "correio eletronico");

    @Override
    public PiiTag tag() {
        return PiiTag.EMAIL;
    }

    @Override
    public String rule() {
        return "email-address";
    }

    @Override
    public String description() {
        return "e-mail address: dot-atom local part of at most 64 characters, @, a domain of letters, digits and hyphens "
                + "ending in an alphabetic top-level label, at most 254 characters";
    }

    @Override
    public List<List<String>> nameSignals() {
        return NAME_SIGNALS;
    }

    @Override
    public boolean matches(String value, boolean nameSignal) {
        if (value.length() > 254) {
            return false;
        }
        int at = value.indexOf('@');
        return at > 0 && at <= 64 && ADDRESS.matcher(value).matches();
    }

    /** First letter of the mailbox and of the domain, and the public suffix: {@code j***@e***.com.br}. */
    @Override
    public String mask(String value) {
        int at = value.indexOf('@');
        String[] labels = value.substring(at + 1).split("\\.");
        int suffixStart = labels.length - 1;
        if (labels.length >= 3 && labels[labels.length - 2].length() <= 3) {
            suffixStart--;
        }
        StringBuilder suffix = new StringBuilder();
        for (int index = suffixStart; index < labels.length; index++) {
            suffix.append('.').append(labels[index]);
        }
        return value.charAt(0) + "***@" + labels[0].charAt(0) + "***" + suffix;
    }
}
