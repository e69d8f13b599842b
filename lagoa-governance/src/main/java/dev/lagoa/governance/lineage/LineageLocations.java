package dev.lagoa.governance.lineage;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.pipeline.DatasetDefinition;
import dev.lagoa.core.pipeline.PipelineDefinition;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the datasets of run events as the lineage graph does. A run event names a dataset by OpenLineage's namespace
 * and name: {@code file} and a path for a job run that read the local lake, {@code s3://bucket} and a key on AWS, an
 * API's scheme and host and a path for an HTTP source. This class turns them into one location ({@code s3://} for
 * the lake, wherever the run was), without the run's staging folder ({@code _staging/<run>/}) and, unless a pipeline
 * declares them, without Hive partition folders ({@code data=2022-12-08/}); then it finds the pipeline dataset whose
 * location template matches, so that a run of any day is an edge of the declared dataset.
 */
public final class LineageLocations {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9-]*)}");
    private static final Pattern STAGING = Pattern.compile("/_(staging|temporary)/[^/]+/");
    private static final Pattern PARTITION_SUFFIX = Pattern.compile("/[^/=]+=[^/]*/?$");

    private final Optional<Path> lakeRoot;
    private final List<Declared> declared;

    /** A declared dataset with its location, the configuration's placeholders resolved, and the pattern it matches. */
    record Declared(PipelineDefinition pipeline, DatasetDefinition dataset, String location, Pattern pattern) {}

    /**
     * @param lakeRoot the local lake's folder ({@code s3://bucket/key} is {@code <lakeRoot>/bucket/key}), if any
     * @param values the configuration's placeholder values ({@code b3-bucket} → {@code lagoa-b3})
     */
    public LineageLocations(Optional<Path> lakeRoot, List<PipelineDefinition> pipelines, Map<String, String> values) {
        this.lakeRoot = requireNonNull(lakeRoot, "lakeRoot is null").map(root -> root.toAbsolutePath().normalize());
        requireNonNull(pipelines, "pipelines is null");
        requireNonNull(values, "values is null");
        List<Declared> all = new ArrayList<>();
        for (PipelineDefinition pipeline : pipelines) {
            for (DatasetDefinition dataset : pipeline.datasets()) {
                String location = resolveKnown(dataset.location(), values);
                all.add(new Declared(pipeline, dataset, location, pattern(location)));
            }
        }
        this.declared = List.copyOf(all);
    }

    List<Declared> declared() {
        return declared;
    }

    /** The template with the placeholders that have a value replaced; the run's own ({@code {date}}) stay. */
    static String resolveKnown(String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? matcher.group() : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** A placeholder matches one path segment or part of one; a trailing slash is optional. */
    private static Pattern pattern(String location) {
        Matcher matcher = PLACEHOLDER.matcher(trimSlash(location));
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(trimSlash(location).substring(last, matcher.start()))).append("[^/]+");
            last = matcher.end();
        }
        regex.append(Pattern.quote(trimSlash(location).substring(last)));
        return Pattern.compile(regex.toString());
    }

    private static String trimSlash(String location) {
        return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    }

    /**
     * The location of an OpenLineage dataset: {@code s3://bucket/key} for the lake (a local lake's file included),
     * {@code file:///path} for other local files, the URL for an HTTP source, {@code namespace/name} otherwise; the
     * run's staging folder removed.
     */
    public String location(String namespace, String name) {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(name, "name is null");
        String location;
        if (namespace.equals("file") || namespace.startsWith("file:")) {
            String path = namespace.startsWith("file:") && !namespace.equals("file") ? URI.create(namespace).getPath() + "/" + name : name;
            location = fileLocation(path);
        } else if (namespace.startsWith("s3://") || namespace.startsWith("s3a://") || namespace.startsWith("s3n://")) {
            String bucket = namespace.substring(namespace.indexOf("://") + 3);
            location = "s3://" + trimSlash(bucket) + "/" + (name.startsWith("/") ? name.substring(1) : name);
        } else {
            location = trimSlash(namespace) + (name.startsWith("/") ? name : "/" + name);
        }
        return STAGING.matcher(location).replaceAll("/");
    }

    private String fileLocation(String path) {
        Path file = Path.of(path).toAbsolutePath().normalize();
        if (lakeRoot.isPresent() && file.startsWith(lakeRoot.get()) && !file.equals(lakeRoot.get())) {
            String relative = lakeRoot.get().relativize(file).toString().replace('\\', '/');
            return "s3://" + relative + (path.endsWith("/") ? "/" : "");
        }
        return file.toUri().toString();
    }

    /**
     * The declared dataset of a location: its own pattern first, then with Hive partition folders removed one by one
     * from the end ({@code refined/ativos/data=2022-12-08} is {@code refined/ativos/}).
     */
    Optional<Declared> declaredOf(String location) {
        String candidate = trimSlash(location);
        while (true) {
            for (Declared entry : declared) {
                if (entry.pattern().matcher(candidate).matches()) {
                    return Optional.of(entry);
                }
            }
            Matcher partition = PARTITION_SUFFIX.matcher(candidate);
            if (!partition.find()) {
                return Optional.empty();
            }
            candidate = candidate.substring(0, partition.start());
        }
    }

    /** A location without its trailing Hive partition folders: how an undeclared table of the lake is named. */
    static String withoutPartitions(String location) {
        String candidate = trimSlash(location);
        Matcher partition = PARTITION_SUFFIX.matcher(candidate);
        while (partition.find()) {
            candidate = candidate.substring(0, partition.start());
            partition = PARTITION_SUFFIX.matcher(candidate);
        }
        return candidate;
    }
}
