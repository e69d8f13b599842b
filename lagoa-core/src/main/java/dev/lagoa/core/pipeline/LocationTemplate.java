package dev.lagoa.core.pipeline;

import dev.lagoa.core.LagoaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves the {@code {name}} placeholders of a dataset location. */
public final class LocationTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9-]*)}");
    private static final Pattern S3_LOCATION = Pattern.compile("s3://[^/]+/(.*)");

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

    /**
     * The object key of an {@code s3://<bucket>/<key>} location, its placeholders resolved; the bucket part is left
     * to the caller, who knows it ({@code s3://{b3-bucket}/raw/{date}/} with {@code date} is {@code raw/2022-12-08/}).
     *
     * @throws dev.lagoa.core.LagoaException a user error naming every placeholder of the key without a value, or when the
     *     location is not an S3 one
     */
    public static String key(String template, Map<String, String> values) {
        return resolve(keyTemplate(template), values);
    }

    /**
     * The folder of an {@code s3://} location's key up to its first placeholder without a value, ending with {@code /}
     * ({@code s3://{brapi-bucket}/raw/dataset=petr4/ticker={ticker}/year={year}/...} with {@code ticker} is
     * {@code raw/dataset=petr4/ticker=petr4/}); empty for the bucket's root.
     */
    public static String keyFolder(String template, Map<String, String> values) {
        String fixed = prefix(keyTemplate(template), values);
        return fixed.substring(0, fixed.lastIndexOf('/') + 1);
    }

    /**
     * Matches an object key against an {@code s3://} location's key part: each placeholder matches {@code patterns}'
     * regular expression for it (one path segment, {@code [^/]+}, when none is given). Returns the placeholders'
     * values, or empty when the key is not of this location.
     */
    public static Optional<Map<String, String>> match(String template, String key, Map<String, String> patterns) {
        String keyTemplate = keyTemplate(template);
        Matcher matcher = PLACEHOLDER.matcher(keyTemplate);
        StringBuilder regex = new StringBuilder();
        List<String> names = new ArrayList<>();
        int end = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(keyTemplate.substring(end, matcher.start())));
            regex.append('(').append(patterns.getOrDefault(matcher.group(1), "[^/]+")).append(')');
            names.add(matcher.group(1));
            end = matcher.end();
        }
        regex.append(Pattern.quote(keyTemplate.substring(end)));
        Matcher keyMatcher = Pattern.compile(regex.toString()).matcher(key);
        if (!keyMatcher.matches()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int group = 0; group < names.size(); group++) {
            values.put(names.get(group), keyMatcher.group(group + 1));
        }
        return Optional.of(values);
    }

    private static String keyTemplate(String template) {
        Matcher location = S3_LOCATION.matcher(template);
        if (!location.matches()) {
            throw LagoaException.userError("Location '%s' is not in S3 (s3://<bucket>/<key>)", template);
        }
        return location.group(1);
    }
}
