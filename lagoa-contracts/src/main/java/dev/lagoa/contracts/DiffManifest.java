package dev.lagoa.contracts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The manifest of one run of the snapshot diff, {@code _manifest.json}: what was compared, what changed, what was
 * rejected and where the change files are. The diff job writes it in {@code <out>/<date>/} when the run succeeds and in
 * {@code <out>/_failed/<date>/<run id>/} when it fails on its reject threshold; {@code lagoa diff} reads it back and
 * prints it ({@code --json} prints it as written):
 *
 * <pre>{@code
 * {"job": "lagoa-diff", "run_id": "jr_...", "date": "2026-11-21", "status": "SUCCEEDED", "key": ["id"],
 *  "ignored_fields": ["atualizado_em"], "null_equals_absent": false,
 *  "inputs": {"yesterday": {"uri": "s3://...", "files": 1, "bytes": 2782, "records": 11, "rejected": 1}, "today": {...}},
 *  "changes": {"c": 2, "u": 5, "d": 1, "total": 8}, "unchanged": 4,
 *  "rejects": {"total": 2, "max_allowed": 5, "by_reason": {"MALFORMED_JSON": 1, ...},
 *              "by_snapshot_and_reason": {"today:MISSING_KEY": 1, ...}, "location": "s3://lagoa-diffs/_rejects/2026-11-21/"},
 *  "output": {"files": [{"name": "part-00000-jr_20261122T022224_fe126896.json", "records": 8}], "location": "s3://lagoa-diffs/2026-11-21/"},
 *  "timings_ms": {"list_inputs": 120, "diff_and_write": 5441, "commit": 28, "total": 5590},
 *  "started_at": "2026-11-22T02:22:26.841442054Z", "completed_at": "2026-11-22T02:22:32.431991292Z", "engine": "local"}
 * }</pre>
 *
 * <p>{@code engine} names the executor that ran the diff, {@code local} or {@code spark}; it is absent (null) in
 * manifests written before the diff had two engines, and readers that do not know it ignore it.
 * {@code ignored_fields} is sorted, and so are the keys of the reject counts. {@code rejects.location} is null when
 * nothing was rejected; a failed run's {@code output.location} is empty and its {@code output.files} is {@code []}.
 */
public record DiffManifest(
        String job,
        String runId,
        LocalDate date,
        Status status,
        List<String> key,
        List<String> ignoredFields,
        boolean nullEqualsAbsent,
        Inputs inputs,
        Changes changes,
        long unchanged,
        Rejects rejects,
        Output output,
        Timings timings,
        Instant startedAt,
        Instant completedAt,
        String engine) {
    private static final String WHAT = "diff manifest";

    /** How the run ended: {@code FAILED} when it rejected more input records than it allows, and published nothing. */
    public enum Status {
        SUCCEEDED,
        FAILED
    }

    /** The two snapshots compared. */
    public record Inputs(Input yesterday, Input today) {
        public Inputs {
            requireNonNull(yesterday, "yesterday is null");
            requireNonNull(today, "today is null");
        }
    }

    /**
     * One snapshot as it was read: where, how many data files and bytes, how many records (the rejected ones included)
     * and how many of those were rejected.
     */
    public record Input(String uri, long files, long bytes, long records, long rejected) {
        public Input {
            requireNonNull(uri, "uri is null");
        }
    }

    /** The change records written, by operation ({@code c}, {@code u}, {@code d}). */
    public record Changes(long inserts, long updates, long deletes) {
        /** Every change record written. */
        public long total() {
            return inserts + updates + deletes;
        }
    }

    /**
     * The input records rejected: how many, how many the run allows, by reason ({@code MISSING_KEY}) and by snapshot
     * and reason ({@code today:MISSING_KEY}), both sorted by key, and the folder of the reject files.
     *
     * @param location the rejects' folder, or null when nothing was rejected
     */
    public record Rejects(long total, long maxAllowed, Map<String, Long> byReason, Map<String, Long> bySnapshotAndReason, String location) {
        public Rejects {
            byReason = sorted(byReason, "byReason");
            bySnapshotAndReason = sorted(bySnapshotAndReason, "bySnapshotAndReason");
        }
    }

    /**
     * What the run published: its change files and their folder.
     *
     * @param location the day's folder, or empty when the run failed and published nothing
     */
    public record Output(List<ChangeFile> files, String location) {
        public Output {
            files = List.copyOf(requireNonNull(files, "files is null"));
            requireNonNull(location, "location is null");
        }
    }

    /** One change file of the day ({@code part-00000-<run id>.json}) and the change records in it. */
    public record ChangeFile(String name, long records) {
        public ChangeFile {
            requireNonNull(name, "name is null");
        }
    }

    /** Where the run's time went, in milliseconds. */
    public record Timings(long listInputs, long diffAndWrite, long commit, long total) {}

    public DiffManifest {
        requireNonNull(job, "job is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(date, "date is null");
        requireNonNull(status, "status is null");
        key = List.copyOf(requireNonNull(key, "key is null"));
        ignoredFields = List.copyOf(requireNonNull(ignoredFields, "ignoredFields is null"));
        requireNonNull(inputs, "inputs is null");
        requireNonNull(changes, "changes is null");
        requireNonNull(rejects, "rejects is null");
        requireNonNull(output, "output is null");
        requireNonNull(timings, "timings is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(completedAt, "completedAt is null");
    }

    /** A manifest that does not name its engine. */
    public DiffManifest(String job, String runId, LocalDate date, Status status, List<String> key, List<String> ignoredFields,
            boolean nullEqualsAbsent, Inputs inputs, Changes changes, long unchanged, Rejects rejects, Output output, Timings timings,
            Instant startedAt, Instant completedAt) {
        this(job, runId, date, status, key, ignoredFields, nullEqualsAbsent, inputs, changes, unchanged, rejects, output, timings,
                startedAt, completedAt, null);
    }

    private static Map<String, Long> sorted(Map<String, Long> counts, String name) {
        requireNonNull(counts, name + " is null");
        counts.forEach((key, count) -> {
            requireNonNull(key, name + " has a null key");
            requireNonNull(count, name + " has a null count");
        });
        return Collections.unmodifiableSortedMap(new TreeMap<>(counts));
    }

    /** The manifest as written: indented UTF-8 JSON, ending with a new line. */
    public byte[] toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("job", job);
        json.put("run_id", runId);
        json.put("date", date.toString());
        json.put("status", status.name());
        json.put("key", key);
        json.put("ignored_fields", ignoredFields);
        json.put("null_equals_absent", nullEqualsAbsent);
        Map<String, Object> inputsJson = new LinkedHashMap<>();
        inputsJson.put("yesterday", describe(inputs.yesterday()));
        inputsJson.put("today", describe(inputs.today()));
        json.put("inputs", inputsJson);
        Map<String, Object> changesJson = new LinkedHashMap<>();
        changesJson.put("c", changes.inserts());
        changesJson.put("u", changes.updates());
        changesJson.put("d", changes.deletes());
        changesJson.put("total", changes.total());
        json.put("changes", changesJson);
        json.put("unchanged", unchanged);
        Map<String, Object> rejectsJson = new LinkedHashMap<>();
        rejectsJson.put("total", rejects.total());
        rejectsJson.put("max_allowed", rejects.maxAllowed());
        rejectsJson.put("by_reason", rejects.byReason());
        rejectsJson.put("by_snapshot_and_reason", rejects.bySnapshotAndReason());
        rejectsJson.put("location", rejects.location());
        json.put("rejects", rejectsJson);
        List<Map<String, Object>> filesJson = new ArrayList<>();
        for (ChangeFile file : output.files()) {
            Map<String, Object> fileJson = new LinkedHashMap<>();
            fileJson.put("name", file.name());
            fileJson.put("records", file.records());
            filesJson.add(fileJson);
        }
        Map<String, Object> outputJson = new LinkedHashMap<>();
        outputJson.put("files", filesJson);
        outputJson.put("location", output.location());
        json.put("output", outputJson);
        Map<String, Object> timingsJson = new LinkedHashMap<>();
        timingsJson.put("list_inputs", timings.listInputs());
        timingsJson.put("diff_and_write", timings.diffAndWrite());
        timingsJson.put("commit", timings.commit());
        timingsJson.put("total", timings.total());
        json.put("timings_ms", timingsJson);
        json.put("started_at", startedAt.toString());
        json.put("completed_at", completedAt.toString());
        if (engine != null) {
            json.put("engine", engine);
        }
        return JsonFiles.write(json, "the diff manifest of run " + runId);
    }

    private static Map<String, Object> describe(Input input) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("uri", input.uri());
        json.put("files", input.files());
        json.put("bytes", input.bytes());
        json.put("records", input.records());
        json.put("rejected", input.rejected());
        return json;
    }

    /**
     * Reads a manifest; {@code file} names it in errors.
     *
     * @throws MalformedFileException when it is not JSON, or a field is missing or of the wrong kind
     */
    public static DiffManifest parse(byte[] json, String file) {
        requireNonNull(json, "json is null");
        requireNonNull(file, "file is null");
        JsonNode root = JsonFiles.readObject(json, WHAT, file);
        JsonNode inputs = object(root, "inputs", file);
        JsonNode changesJson = object(root, "changes", file);
        Changes changes = new Changes(number(changesJson, "changes.c", file), number(changesJson, "changes.u", file),
                number(changesJson, "changes.d", file));
        if (number(changesJson, "changes.total", file) != changes.total()) {
            throw invalid(file, "'changes.total' is not c + u + d");
        }
        JsonNode rejects = object(root, "rejects", file);
        JsonNode output = object(root, "output", file);
        List<ChangeFile> files = new ArrayList<>();
        for (JsonNode changeFile : array(output, "output.files", file)) {
            files.add(new ChangeFile(text(changeFile, "output.files.name", file), number(changeFile, "output.files.records", file)));
        }
        JsonNode timings = object(root, "timings_ms", file);
        return new DiffManifest(
                text(root, "job", file),
                text(root, "run_id", file),
                date(text(root, "date", file), file),
                status(text(root, "status", file), file),
                strings(root, "key", file),
                strings(root, "ignored_fields", file),
                bool(root, "null_equals_absent", file),
                new Inputs(input(inputs, "inputs.yesterday", file), input(inputs, "inputs.today", file)),
                changes,
                number(root, "unchanged", file),
                new Rejects(number(rejects, "rejects.total", file), number(rejects, "rejects.max_allowed", file),
                        counts(rejects, "rejects.by_reason", file), counts(rejects, "rejects.by_snapshot_and_reason", file),
                        textOrNull(rejects, "rejects.location", file)),
                new Output(files, textOrEmpty(output, "output.location", file)),
                new Timings(number(timings, "timings_ms.list_inputs", file), number(timings, "timings_ms.diff_and_write", file),
                        number(timings, "timings_ms.commit", file), number(timings, "timings_ms.total", file)),
                instant(text(root, "started_at", file), "started_at", file),
                instant(text(root, "completed_at", file), "completed_at", file),
                root.path("engine").isTextual() ? root.path("engine").asText() : null);
    }

    private static Input input(JsonNode inputs, String path, String file) {
        JsonNode input = object(inputs, path, file);
        return new Input(text(input, path + ".uri", file), number(input, path + ".files", file), number(input, path + ".bytes", file),
                number(input, path + ".records", file), number(input, path + ".rejected", file));
    }

    /** The value of the last name of a dotted path ({@code inputs.today.files}) in {@code node}. */
    private static JsonNode field(JsonNode node, String path) {
        return node.path(path.substring(path.lastIndexOf('.') + 1));
    }

    private static JsonNode object(JsonNode node, String path, String file) {
        JsonNode value = field(node, path);
        if (!value.isObject()) {
            throw invalid(file, "'" + path + "' is missing or not an object");
        }
        return value;
    }

    private static JsonNode array(JsonNode node, String path, String file) {
        JsonNode value = field(node, path);
        if (!value.isArray()) {
            throw invalid(file, "'" + path + "' is missing or not an array");
        }
        return value;
    }

    private static String text(JsonNode node, String path, String file) {
        String value = textOrEmpty(node, path, file);
        if (value.isEmpty()) {
            throw invalid(file, "'" + path + "' is missing or not a string");
        }
        return value;
    }

    private static String textOrEmpty(JsonNode node, String path, String file) {
        JsonNode value = field(node, path);
        if (!value.isTextual()) {
            throw invalid(file, "'" + path + "' is missing or not a string");
        }
        return value.asText();
    }

    private static String textOrNull(JsonNode node, String path, String file) {
        JsonNode value = field(node, path);
        if (value.isNull()) {
            return null;
        }
        return text(node, path, file);
    }

    private static long number(JsonNode node, String path, String file) {
        JsonNode value = field(node, path);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(file, "'" + path + "' is missing or not a whole number");
        }
        return value.asLong();
    }

    private static boolean bool(JsonNode node, String path, String file) {
        JsonNode value = field(node, path);
        if (!value.isBoolean()) {
            throw invalid(file, "'" + path + "' is missing or not true or false");
        }
        return value.asBoolean();
    }

    private static List<String> strings(JsonNode node, String path, String file) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : array(node, path, file)) {
            if (!value.isTextual()) {
                throw invalid(file, "'" + path + "' holds a value that is not a string: " + value);
            }
            values.add(value.asText());
        }
        return values;
    }

    private static Map<String, Long> counts(JsonNode node, String path, String file) {
        Map<String, Long> counts = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object(node, path, file).fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> count = fields.next();
            if (!count.getValue().isIntegralNumber() || !count.getValue().canConvertToLong()) {
                throw invalid(file, "'" + path + "." + count.getKey() + "' is not a whole number");
            }
            counts.put(count.getKey(), count.getValue().asLong());
        }
        return counts;
    }

    private static LocalDate date(String text, String file) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(file, "'date' is not a YYYY-MM-DD date: " + text);
        }
    }

    private static Status status(String text, String file) {
        for (Status status : Status.values()) {
            if (status.name().equals(text)) {
                return status;
            }
        }
        throw invalid(file, "'status' is neither SUCCEEDED nor FAILED: " + text);
    }

    private static Instant instant(String text, String path, String file) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(file, "'" + path + "' is not an ISO-8601 instant: " + text);
        }
    }

    private static MalformedFileException invalid(String file, String why) {
        return new MalformedFileException(WHAT, file, why);
    }
}
