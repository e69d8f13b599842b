package dev.lagoa.cli.command;

import dev.lagoa.cli.PublishWiring;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.KafkaConfig;
import dev.lagoa.publisher.DiffPublisher;
import dev.lagoa.publisher.PublishListener;
import dev.lagoa.publisher.PublishResult;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lagoa publish diffs}: the diff pipeline's 02:00 task, the day's change records to the Kafka topic. */
@Command(mixinStandardHelpOptions = true, name = "publish", description = "Publishes pipeline output to an event stream.",
        subcommands = PublishCommand.Diffs.class)
public final class PublishCommand {
    @Command(mixinStandardHelpOptions = true, name = "diffs",
            description = {"Publishes the change records of a day (s3://<lake.diffs-bucket>/YYYY-MM-DD/*.json) to the Kafka topic kafka.topic, "
                    + "each change file exactly once, across reruns and crashes.",
                    "Consumers must read with isolation.level=read_committed."})
    static final class Diffs implements java.util.concurrent.Callable<Integer> {
        private final Supplier<PublishWiring> publish;

        @Spec
        CommandSpec spec;

        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The day to publish (default: today in lagoa.time-zone).")
        String date;

        @Option(names = "--require-files", description = "Fail (exit 2) when the day has no change files, instead of publishing nothing.")
        boolean requireFiles;

        @Option(names = "--json", description = "Prints the summary as JSON.")
        boolean json;

        Diffs(Supplier<PublishWiring> publish) {
            this.publish = publish;
        }

        /** 0, or {@value ExitCodes#FINISHED_WITH_REJECTS} when change files or records were quarantined (the rest published). */
        @Override
        public Integer call() {
            PublishWiring wiring = publish.get();
            LocalDate day = Dates.dayOrToday(wiring::today, date);
            PrintWriter out = spec.commandLine().getOut();
            PublishResult result = publishDay(wiring, day, requireFiles, spec.commandLine().getErr());
            if (json) {
                out.println(Json.write(document(result)));
            } else {
                print(result, out);
            }
            LagoaException quarantined = DiffPublisher.failure(result);
            if (quarantined != null) {
                spec.commandLine().getErr().printf("Finished with rejects (exit status %d): %s%n", ExitCodes.FINISHED_WITH_REJECTS, quarantined.getMessage());
            }
            return ExitCodes.publish(result);
        }
    }

    /** Publishes one day's change files, showing progress on {@code progress}. */
    static PublishResult publishDay(PublishWiring publish, LocalDate day, boolean requireFiles, PrintWriter progress) {
        KafkaConfig kafka = publish.kafkaConfig();
        return publish.diffPublisher().publish(day, requireFiles, new Progress(progress, kafka));
    }

    /** One line per file on standard error, so standard output stays the summary (or the JSON). */
    private record Progress(PrintWriter err, KafkaConfig kafka) implements PublishListener {
        @Override
        public void started(String date, int total, int alreadyPublished) {
            err.printf("Publishing %s to topic %s at %s: %d change file%s%s%n", date, kafka.topic(), kafka.bootstrapServers(), total, total == 1 ? "" : "s",
                    alreadyPublished == 0 ? "" : ", %d already published".formatted(alreadyPublished));
            err.flush();
        }

        @Override
        public void published(PublishResult.FileResult file, int done, int toPublish) {
            err.printf("  [%d/%d] %s: %s%n", done, toPublish, file.file(), dev.lagoa.core.Counts.of(file.records(), "record"));
            err.flush();
        }

        @Override
        public void quarantined(PublishResult.Quarantined file, int done, int toPublish) {
            err.printf("  [%d/%d] %s: QUARANTINED, line %d: %s%n", done, toPublish, file.file(), file.line(), file.reason());
            err.flush();
        }
    }

    static void print(PublishResult result, PrintWriter out) {
        if (result.hasNoFiles()) {
            out.printf("Nothing to publish for %s: no change files under %s%n", result.date(), result.source());
            return;
        }
        if (result.published().isEmpty() && result.quarantined().isEmpty() && result.notInManifest().isEmpty()) {
            out.printf("Nothing to publish for %s: its %d change file%s %s already published to topic %s%n", result.date(), result.filesFound(),
                    result.filesFound() == 1 ? "" : "s", result.filesFound() == 1 ? "was" : "were", result.topic());
            return;
        }
        out.printf("Published %s to topic %s%n", result.date(), result.topic());
        if (result.runId() != null) {
            out.printf("  run        %s%s%n", result.runId(), result.isRepublish()
                    ? " (republished: an earlier run of this day was published; its records carry lagoa-republish=true)" : "");
        }
        out.printf("  files      %d published, %d already published, %d quarantined (of %d under %s)%n", result.published().size(),
                result.alreadyPublished().size(), result.quarantined().size(), result.filesFound(), result.source());
        long c = result.published().stream().mapToLong(PublishResult.FileResult::c).sum();
        long u = result.published().stream().mapToLong(PublishResult.FileResult::u).sum();
        long d = result.published().stream().mapToLong(PublishResult.FileResult::d).sum();
        out.printf("  records    %,d (%,d c, %,d u, %,d d)%s%n", result.records(), c, u, d,
                result.tombstones() == 0 ? "" : " + %,d tombstone%s".formatted(result.tombstones(), result.tombstones() == 1 ? "" : "s"));
        out.printf("  bytes      %,d%n", result.bytes());
        out.printf(Locale.ROOT, "  time       %.1f s, %,.0f records/s%n", result.seconds(), result.recordsPerSecond());
        for (PublishResult.Quarantined bad : result.quarantined()) {
            out.printf("  quarantined %s line %d: %s → %s%n", bad.file(), bad.line(), bad.reason(), bad.quarantinedTo());
        }
        for (PublishResult.Quarantined bad : result.quarantinedRecords()) {
            out.printf("  quarantined record %s line %d: %s → %s (the rest of the file was published)%n", bad.file(), bad.line(), bad.reason(),
                    bad.quarantinedTo());
        }
        for (String file : result.notInManifest()) {
            out.printf("  not published %s: not listed by the day's manifest%n", file);
        }
    }

    static Map<String, Object> document(PublishResult result) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("date", result.date().toString());
        document.put("topic", result.topic());
        document.put("source", result.source());
        document.put("status", result.hasNoFiles() ? "NOTHING_TO_PUBLISH"
                : result.quarantined().isEmpty() && result.quarantinedRecords().isEmpty() ? "SUCCEEDED" : "QUARANTINED");
        document.put("run_id", result.runId());
        document.put("republish", result.isRepublish());
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("found", result.filesFound());
        files.put("published", result.published().size());
        files.put("already_published", result.alreadyPublished().size());
        files.put("quarantined", result.quarantined().size());
        document.put("files", files);
        document.put("records", result.records());
        document.put("tombstones", result.tombstones());
        document.put("bytes", result.bytes());
        document.put("seconds", Math.round(result.seconds() * 1000) / 1000.0);
        document.put("records_per_second", Math.round(result.recordsPerSecond() * 10) / 10.0);
        document.put("published", result.published().stream().map(file -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", file.file());
            entry.put("records", file.records());
            entry.put("c", file.c());
            entry.put("u", file.u());
            entry.put("d", file.d());
            entry.put("tombstones", file.tombstones());
            entry.put("bytes", file.bytes());
            return entry;
        }).toList());
        document.put("already_published", List.copyOf(result.alreadyPublished()));
        document.put("quarantined_records", result.quarantinedRecords().stream().map(PublishCommand::quarantinedEntry).toList());
        document.put("not_in_manifest", List.copyOf(result.notInManifest()));
        document.put("quarantined", result.quarantined().stream().map(PublishCommand::quarantinedEntry).toList());
        return document;
    }

    private static Map<String, Object> quarantinedEntry(PublishResult.Quarantined bad) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("file", bad.file());
        entry.put("line", bad.line());
        entry.put("reason", bad.reason());
        entry.put("quarantined_to", bad.quarantinedTo());
        entry.put("reason_file", bad.reasonFile());
        return entry;
    }
}
