package dev.lagoa.console;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The console's labels in Portuguese ({@code pt}, any country) or English (anything else), from
 * {@code messages*.properties} beside this class; a key missing from both is a bug and fails the page.
 */
public final class Messages {
    private static final Locale PORTUGUESE = Locale.forLanguageTag("pt-BR");

    private final Locale locale;
    private final ResourceBundle bundle;

    private Messages(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle("dev.lagoa.console.messages", locale, ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** Portuguese for any {@code pt} locale, English for the rest. */
    public static Messages of(Locale locale) {
        return new Messages("pt".equals(locale.getLanguage()) ? PORTUGUESE : Locale.ROOT);
    }

    /** {@code pt-BR} or {@code en}: the page's {@code lang}. */
    public String languageTag() {
        return locale.equals(PORTUGUESE) ? "pt-BR" : "en";
    }

    /** The label of {@code key}, with {@code {0}}-style arguments filled in. */
    public String get(String key, Object... arguments) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("No console label " + key, e);
        }
        return arguments.length == 0 ? pattern : new MessageFormat(pattern, locale).format(arguments);
    }
}
