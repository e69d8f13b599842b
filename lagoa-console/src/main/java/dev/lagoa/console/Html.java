package dev.lagoa.console;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * A piece of HTML that is safe to send: made from a constant template whose {@code {}} placeholders take escaped text,
 * or from other {@code Html}. Everything that comes from data (descriptions, sample values, keys, file names) goes
 * through here, so nothing reaches a page unescaped.
 */
public final class Html {
    public static final Html EMPTY = new Html("");

    private final String text;

    private Html(String text) {
        this.text = text;
    }

    /**
     * Fills the template's {@code {}} placeholders in order: an {@code Html} as it is, anything else as escaped text
     * ({@code null} as the empty string). The template is markup written here, never data.
     */
    public static Html of(String template, Object... values) {
        StringBuilder out = new StringBuilder(template.length() + 32 * values.length);
        int next = 0;
        int from = 0;
        for (int at = template.indexOf("{}"); at >= 0; at = template.indexOf("{}", from)) {
            if (next == values.length) {
                throw new IllegalArgumentException("more placeholders than values in " + template);
            }
            out.append(template, from, at).append(text(values[next++]));
            from = at + 2;
        }
        if (next != values.length) {
            throw new IllegalArgumentException("more values than placeholders in " + template);
        }
        return new Html(out.append(template, from, template.length()).toString());
    }

    public static Html join(Collection<Html> parts) {
        return new Html(parts.stream().map(part -> part.text).collect(Collectors.joining()));
    }

    /** Text with {@code & < > " '} escaped, for element content and quoted attribute values alike. */
    public static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A path segment of a console URL: letters, digits and {@code -_.~} as they are, the rest percent-encoded. */
    public static String pathSegment(String value) {
        requireNonNull(value, "value is null");
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String text(Object value) {
        if (value instanceof Html html) {
            return html.text;
        }
        return value == null ? "" : escape(value.toString());
    }

    @Override
    public String toString() {
        return text;
    }
}
