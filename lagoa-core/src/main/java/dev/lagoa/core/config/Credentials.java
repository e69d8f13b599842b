package dev.lagoa.core.config;

import java.util.regex.Pattern;

/**
 * Masks the credentials that a URL may carry in a value that is not itself a secret: the password of
 * {@code scheme://user:password@host}, and parameters such as {@code ?password=...}, {@code &sslpassword=...},
 * {@code &token=...}. Applied to every configuration value shown ({@code lagoa config show}, configuration problems)
 * and to the URLs named in messages.
 */
public final class Credentials {
    public static final String MASK = "******";
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(://[^/?#@\\s:]*):[^/?#@\\s]*@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;](?:password|passwd|pwd|sslpassword|sslkeypassword|secret|token|api[-_]?key|access[-_]?key|secret[-_]?key)=)[^&;#\\s]*");

    private Credentials() {}

    /** {@code text} with the passwords of URLs and secret URL parameters replaced by {@value #MASK}; null stays null. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = USER_INFO_PASSWORD.matcher(text).replaceAll("$1:" + MASK + "@");
        return SECRET_PARAMETER.matcher(masked).replaceAll("$1" + MASK);
    }
}
