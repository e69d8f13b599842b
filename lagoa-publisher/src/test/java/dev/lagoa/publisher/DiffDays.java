package dev.lagoa.publisher;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.lagoa.contracts.DiffManifest;
import dev.lagoa.contracts.JobNames;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.PutOptions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A day of change files as the diff job leaves it: {@code part-NNNNN-<run id>.json} files and the manifest that lists them. */
final class DiffDays {
    private DiffDays() {}

    /** Replaces the day folder with the run's files (each a list of change lines) and its manifest. */
    static void writeRun(ObjectStore store, BucketName bucket, LocalDate day, String runId, List<List<String>> files) {
        if (store.bucketExists(bucket)) {
            List<ObjectKey> old = new ArrayList<>();
            store.listAll(bucket, day + "/").forEach(summary -> old.add(summary.key()));
            old.forEach(key -> store.delete(bucket, key));
        }
        Map<String, Long> names = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            String name = "part-%05d-%s.json".formatted(i, runId);
            store.put(bucket, ObjectKey.of(day + "/" + name), (String.join("\n", files.get(i)) + "\n").getBytes(UTF_8),
                    PutOptions.contentType("application/json"));
            names.put(name, (long) files.get(i).size());
        }
        store.put(bucket, ObjectKey.of(day + "/_manifest.json"), manifest(bucket, day, runId, names).toJson(), PutOptions.contentType("application/json"));
    }

    static DiffManifest manifest(BucketName bucket, LocalDate day, String runId, Map<String, Long> files) {
        List<DiffManifest.ChangeFile> changeFiles = new ArrayList<>();
        files.forEach((name, records) -> changeFiles.add(new DiffManifest.ChangeFile(name, records)));
        long total = files.values().stream().mapToLong(Long::longValue).sum();
        Instant now = Instant.parse("2026-11-22T04:00:00Z");
        return new DiffManifest(JobNames.DIFF, runId, day, DiffManifest.Status.SUCCEEDED, List.of("id"), List.of(), false,
                new DiffManifest.Inputs(new DiffManifest.Input("s3://lagoa-raw/y/", 1, 1, total, 0), new DiffManifest.Input("s3://lagoa-raw/t/", 1, 1, total, 0)),
                new DiffManifest.Changes(total, 0, 0), 0, new DiffManifest.Rejects(0, 0, Map.of(), Map.of(), null),
                new DiffManifest.Output(changeFiles, "s3://%s/%s/".formatted(bucket, day)), new DiffManifest.Timings(1, 1, 1, 3), now, now);
    }
}
