package dev.lagoa.core.pipeline;

import dev.lagoa.core.LagoaException;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves the {@code {name}} placeholders of a dataset location. */
public final class LocationTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9-]*)}");

    private LocationTemplate() {}

    /**
     * The fixed part of a location: placeholders with a value are replaced, and the location is cut before the first
     * one without ({@code s3://{diffs-bucket}/{date}/} with only the bucket known is {@code s3://lagoa-diffs/}).
     */
    public static String prefix(String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                matcher.appendReplacement(out, "");
                return out.toString();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Replaces every placeholder; throws a user error naming every placeholder that has no value. */
    public static String resolve(String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        TreeSet<String> missing = new TreeSet<>();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                missing.add(matcher.group(1));
                value = matcher.group();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        if (!missing.isEmpty()) {
            throw LagoaException.userError("Cannot resolve location '%s': no value for %s", template, missing);
        }
        return out.toString();
    }
}
