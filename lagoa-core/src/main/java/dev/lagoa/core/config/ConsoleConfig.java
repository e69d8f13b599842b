package dev.lagoa.core.config;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import java.util.IllformedLocaleException;
import java.util.Locale;

/**
 * The web console of {@code lagoa serve} and {@code lagoa console}: its port on 127.0.0.1 and the language of its labels.
 * The default port, {@value #DEFAULT_PORT}, gives a URL to bookmark; when another workspace's console holds it, a free
 * port is taken instead (printed, and recorded in {@code serve.lock}), so that workspaces coexist. A configured port is
 * used as given, and a console that cannot take it fails. The keys are listed with the {@code lagoa.*} and
 * {@code services.*} ones ({@link LagoaConfig#fields}, {@link ServicesConfig#fields}).
 *
 * @param port        the port asked for; 0 asks for a free one
 * @param portDefault whether the port is the default one (then a taken port falls back to a free one)
 * @param locale      the labels' language: Portuguese for {@code pt*}, English otherwise
 */
public record ConsoleConfig(int port, boolean portDefault, Locale locale) {
    public static final int DEFAULT_PORT = 8642;

    public static final ConfigField PORT = ConfigField.create("services.console.port", ConfigType.INT, String.valueOf(DEFAULT_PORT),
                    "Port of the web console on 127.0.0.1 (http://127.0.0.1:<port>/), run by lagoa serve and lagoa console. "
                            + "Left at its default, a free port is taken when another console holds it; a configured port is used as given; 0: a free port.")
            .withValidator(Validators.portOrFree());
    public static final ConfigField LOCALE = ConfigField.create("lagoa.locale", ConfigType.STRING, "",
            "Language of the web console's labels: pt-BR or en (empty: the system's; Portuguese for any pt locale, English otherwise).")
            .withValidator(value -> {
                if (value.isBlank()) {
                    return null;
                }
                try {
                    new Locale.Builder().setLanguageTag(value.strip());
                    return null;
                } catch (IllformedLocaleException e) {
                    return "not a language tag such as pt-BR or en";
                }
            });

    public ConsoleConfig {
        requireNonNull(locale, "locale is null");
    }

    /** Throws {@code LagoaException} (a user error) for a value that is not valid. */
    public static ConsoleConfig from(Configuration configuration) {
        String tag = java.util.Objects.requireNonNullElse(configuration.get(LOCALE), "").strip();
        Locale locale;
        try {
            locale = tag.isEmpty() ? Locale.getDefault() : new Locale.Builder().setLanguageTag(tag).build();
        } catch (IllformedLocaleException e) {
            throw LagoaException.userError("%s: %s is not a language tag such as pt-BR or en", LOCALE.name(), tag);
        }
        return new ConsoleConfig(configuration.getInt(PORT), configuration.source(PORT) == ConfigSource.DEFAULT, locale);
    }
}
