package dev.lagoa.governance.crawl;

import dev.lagoa.core.pipeline.DataFormat;
import dev.lagoa.core.pipeline.DatasetDefinition;
import dev.lagoa.core.pipeline.PipelineDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a declared dataset's files are, as a pattern over object keys: the location template with its buckets
 * resolved ({@code s3://lagoa-b3/raw/{date}/dados_originais.parquet}). The fixed part up to the last {@code /} before
 * the first placeholder is the table's location; placeholders become partition keys. Placeholders that sit in
 * {@code name={name}} folders, and folders below a template that ends with {@code /}, are Hive partitions, which
 * every engine reads; others ({@code raw/2022-12-08/}) are kept as the table's path pattern.
 */
record DatasetPattern(PipelineDefinition pipeline, DatasetDefinition dataset, String bucket, String root, String relativeTemplate, Pattern keys,
        List<String> placeholders, boolean folder) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9-]*)}");

    /** The pattern of a dataset in the lake, if it is one (an {@code s3://} location whose bucket is known). */
    static Optional<DatasetPattern> of(PipelineDefinition pipeline, DatasetDefinition dataset, Map<String, String> values) {
        if (!dataset.location().startsWith("s3://")) {
            return Optional.empty();
        }
        String resolved = dataset.location();
        for (Map.Entry<String, String> value : values.entrySet()) {
            resolved = resolved.replace("{" + value.getKey() + "}", value.getValue());
        }
        String path = resolved.substring("s3://".length());
        int slash = path.indexOf('/');
        if (slash <= 0 || PLACEHOLDER.matcher(path.substring(0, slash)).find()) {
            return Optional.empty();
        }
        String bucket = path.substring(0, slash);
        String key = path.substring(slash + 1);
        Matcher first = PLACEHOLDER.matcher(key);
        int cut = first.find() ? key.lastIndexOf('/', first.start()) + 1 : (key.endsWith("/") ? key.length() : key.lastIndexOf('/') + 1);
        String root = key.substring(0, cut);
        String relative = key.substring(cut);
        StringBuilder regex = new StringBuilder("^").append(Pattern.quote(root));
        List<String> names = new ArrayList<>();
        Matcher placeholder = PLACEHOLDER.matcher(relative);
        int last = 0;
        while (placeholder.find()) {
            regex.append(Pattern.quote(relative.substring(last, placeholder.start()))).append("([^/]+)");
            names.add(placeholder.group(1));
            last = placeholder.end();
        }
        regex.append(Pattern.quote(relative.substring(last)));
        boolean folder = key.endsWith("/");
        regex.append(folder ? "(.+)$" : "$");
        return Optional.of(new DatasetPattern(pipeline, dataset, bucket, root, relative, Pattern.compile(regex.toString()), List.copyOf(names), folder));
    }

    /** The partition values of a key of this dataset (by placeholder, then by Hive folder below), or empty when it is not one. */
    Optional<Map<String, String>> match(String key) {
        Matcher matcher = keys.matcher(key);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Map<String, String> partition = new LinkedHashMap<>();
        for (int i = 0; i < placeholders.size(); i++) {
            partition.put(hiveName(i), matcher.group(i + 1));
        }
        if (folder) {
            String below = matcher.group(placeholders.size() + 1);
            for (String segment : below.split("/")) {
                int equals = segment.indexOf('=');
                if (equals > 0 && !segment.startsWith("_") && !segment.startsWith(".")) {
                    partition.putIfAbsent(segment.substring(0, equals), segment.substring(equals + 1));
                }
            }
        }
        return Optional.of(partition);
    }

    /** A placeholder in a {@code name={name}} folder is that Hive key; others keep their own name ({@code date}). */
    private String hiveName(int index) {
        return placeholders.get(index).replace('-', '_');
    }

    /** Hive layouts every engine reads: each placeholder in a {@code name={name}} folder. */
    boolean isHive() {
        for (String name : placeholders) {
            if (!relativeTemplate.contains(name + "={" + name + "}")) {
                return false;
            }
        }
        return true;
    }

    DataFormat format() {
        return dataset.format();
    }
}
