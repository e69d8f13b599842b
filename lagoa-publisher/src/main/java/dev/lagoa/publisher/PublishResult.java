package dev.lagoa.publisher;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * The outcome of publishing one day: the diff run whose files were published ({@code runId}, null for a day without
 * a manifest), whether an earlier run of the day had been published ({@code republish}), the change files found,
 * those published by this run, those skipped because an earlier publication of the run published them, those
 * quarantined because they are malformed, the lines quarantined alone because no Kafka record can carry them, and
 * the {@code .json} files of the day folder that the manifest does not list (not published).
 */
public record PublishResult(
        LocalDate date,
        String topic,
        String source,
        String runId,
        boolean republish,
        int filesFound,
        List<String> alreadyPublished,
        List<FileResult> published,
        List<Quarantined> quarantined,
        List<Quarantined> quarantinedRecords,
        List<String> notInManifest,
        Duration elapsed) {
    public PublishResult {
        requireNonNull(date, "date is null");
        requireNonNull(topic, "topic is null");
        requireNonNull(source, "source is null");
        quarantinedRecords = List.copyOf(requireNonNull(quarantinedRecords, "quarantinedRecords is null"));
        notInManifest = List.copyOf(requireNonNull(notInManifest, "notInManifest is null"));
        alreadyPublished = List.copyOf(requireNonNull(alreadyPublished, "alreadyPublished is null"));
        published = List.copyOf(requireNonNull(published, "published is null"));
        quarantined = List.copyOf(requireNonNull(quarantined, "quarantined is null"));
        requireNonNull(elapsed, "elapsed is null");
    }

    /** One published file: its change records, the tombstones that followed deletes, and its size. */
    public record FileResult(String file, long records, long tombstones, long bytes, long c, long u, long d) {
        public FileResult {
            requireNonNull(file, "file is null");
        }
    }

    /** A malformed file: where it was, where its copy and reason went, the first bad line and why. */
    public record Quarantined(String file, String quarantinedTo, String reasonFile, long line, String reason) {
        public Quarantined {
            requireNonNull(file, "file is null");
            requireNonNull(quarantinedTo, "quarantinedTo is null");
            requireNonNull(reasonFile, "reasonFile is null");
            requireNonNull(reason, "reason is null");
        }
    }

    public boolean isRepublish() {
        return republish;
    }

    public boolean hasNoFiles() {
        return filesFound == 0;
    }

    public long records() {
        return published.stream().mapToLong(FileResult::records).sum();
    }

    public long tombstones() {
        return published.stream().mapToLong(FileResult::tombstones).sum();
    }

    public long bytes() {
        return published.stream().mapToLong(FileResult::bytes).sum();
    }

    public double seconds() {
        return elapsed.toNanos() / 1e9;
    }

    /** Change records (tombstones not counted) per second of the whole run. */
    public double recordsPerSecond() {
        double seconds = seconds();
        return seconds <= 0 ? 0 : records() / seconds;
    }
}
