package dev.lagoa.cli.command;

import dev.lagoa.cli.DiffWiring;
import dev.lagoa.contracts.DiffManifest;
import dev.lagoa.contracts.MalformedFileException;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.ErrorType;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.DiffConfig;
import dev.lagoa.core.config.Durations;
import dev.lagoa.core.config.JobsConfig;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunRequest;
import dev.lagoa.core.pipeline.DiffPipeline;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One run of the diff job through the job launcher, and its manifest as a person reads it. */
final class DiffRun {
    private DiffRun() {}

    /** What to compare and how. {@code out} null means the configured diffs bucket; {@code maxRejects} null the configured limit. */
    record Request(String yesterday, String today, String key, LocalDate date, String out, String ignoreFields,
            boolean nullEqualsAbsent, boolean allowMissingYesterday, Long maxRejects) {}

    record Outcome(JobRun run, String out, Optional<DiffManifest> manifest) {}

    static Outcome run(DiffWiring runtime, Request request, PrintWriter progress) {
        return run(runtime, request, progress, Progress.Mode.OFF);
    }

    /** Runs the diff, showing its progress on {@code progress} in {@code mode} while the job runs. */
    static Outcome run(DiffWiring runtime, Request request, PrintWriter progress, Progress.Mode mode) {
        String out = request.out() != null ? request.out() : "s3://" + LakeConfig.from(runtime.configuration()).diffsBucket() + "/";
        DiffConfig defaults = DiffConfig.from(runtime.configuration());
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("--yesterday", runtime.jobLocation(request.yesterday()));
        arguments.put("--today", runtime.jobLocation(request.today()));
        arguments.put("--key", request.key());
        arguments.put("--date", request.date().toString());
        arguments.put("--out", runtime.jobLocation(out));
        if (request.ignoreFields() != null && !request.ignoreFields().isBlank()) {
            arguments.put("--ignore-fields", request.ignoreFields());
        }
        arguments.put("--null-equals-absent", Boolean.toString(request.nullEqualsAbsent()));
        arguments.put("--allow-missing-yesterday", Boolean.toString(request.allowMissingYesterday()));
        arguments.put("--max-rejects", Long.toString(request.maxRejects() != null ? request.maxRejects() : defaults.maxRejects()));
        arguments.put("--max-record-bytes", Integer.toString(defaults.maxRecordBytes()));
        arguments.put("--records-per-file", Long.toString(defaults.recordsPerFile()));
        arguments.put("--engine", defaults.engine());

        JobLauncher launcher = runtime.jobLauncher();
        JobRun started = launcher.start(new JobRunRequest(DiffPipeline.JOB_NAME, arguments));
        progress.printf("Started %s run %s%s%n", started.jobName(), started.id(), started.logLocation().map(log -> " (log: " + log + ")").orElse(""));
        progress.flush();
        java.time.Duration maxWait = JobsConfig.from(runtime.configuration()).defaultTimeout().plusMinutes(1);
        JobRun finished;
        try (Progress shown = Progress.start(mode, "diff " + started.id(), "records", progress)) {
            finished = launcher.awaitCompletion(started.id(), maxWait, runtime.jobPollInterval(), new DiffProgress(shown));
        }
        String separator = out.endsWith("/") ? "" : "/";
        String manifestLocation = switch (finished.state()) {
            case SUCCEEDED -> out + separator + request.date() + "/_manifest.json";
            case FAILED, TIMEOUT, STOPPED, STARTING, RUNNING -> out + separator + "_failed/" + request.date() + "/" + finished.id() + "/_manifest.json";
        };
        Optional<DiffManifest> manifest = runtime.readText(runtime.jobLocation(manifestLocation)).map(text -> parse(text, manifestLocation))
                .filter(read -> read.runId().equals(finished.id().value()));
        return new Outcome(finished, out, manifest);
    }

    private static DiffManifest parse(String text, String location) {
        try {
            return DiffManifest.parse(text.getBytes(StandardCharsets.UTF_8), location);
        } catch (MalformedFileException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, e.getMessage(), e);
        }
    }

    /** Prints the summary; throws the run's failure after printing what there is to print. */
    static void report(DiffWiring runtime, Outcome outcome, PrintWriter out, boolean json) {
        JobRun run = outcome.run();
        if (json) {
            // as written, without its last new line: println ends the output as before
            outcome.manifest().ifPresent(manifest -> out.println(new String(manifest.toJson(), StandardCharsets.UTF_8).stripTrailing()));
        } else {
            outcome.manifest().ifPresent(manifest -> summary(runtime, manifest, run, out));
        }
        out.flush();
        switch (run.state()) {
            case SUCCEEDED -> {
                return;
            }
            case TIMEOUT -> throw new LagoaException(ErrorCode.JOB_RUN_TIMEOUT, "%s run %s timed out: %s (log: %s)".formatted(
                    run.jobName(), run.id(), run.errorMessage().orElse(""), run.logLocation().orElse("-")));
            case STOPPED -> throw new LagoaException(ErrorCode.JOB_RUN_STOPPED, "%s run %s was stopped: %s".formatted(
                    run.jobName(), run.id(), run.errorMessage().orElse("")));
            case FAILED, STARTING, RUNNING -> {
                ErrorCode code = switch (runtime.jobRunFailureType(run.id()).orElse(ErrorType.USER)) {
                    case USER -> ErrorCode.JOB_RUN_FAILED;
                    case EXTERNAL -> ErrorCode.JOB_RUN_FAILED_EXTERNAL;
                    case INTERNAL -> ErrorCode.JOB_RUN_FAILED_INTERNAL;
                };
                throw new LagoaException(code, "%s run %s failed: %s (log: %s)".formatted(
                        run.jobName(), run.id(), run.errorMessage().orElse("no reason given"), run.logLocation().orElse("-")));
            }
        }
    }

    private static void summary(DiffWiring runtime, DiffManifest manifest, JobRun run, PrintWriter out) {
        DiffManifest.Changes changes = manifest.changes();
        DiffManifest.Rejects rejects = manifest.rejects();
        out.printf("%nDiff of %s, run %s: %s in %s%s%n", manifest.date(), run.id(), manifest.status(),
                run.executionTime().map(Durations::format).orElse("-"), manifest.engine() == null ? "" : " (" + manifest.engine() + " engine)");
        out.printf("  key        %s%s%n", String.join(",", manifest.key()),
                manifest.ignoredFields().isEmpty() ? "" : "   (ignoring " + String.join(", ", manifest.ignoredFields()) + ")");
        for (String side : List.of("yesterday", "today")) {
            DiffManifest.Input input = side.equals("yesterday") ? manifest.inputs().yesterday() : manifest.inputs().today();
            out.printf("  %-10s %s  (%d file%s, %,d bytes, %s, %d rejected)%n", side, runtime.display(input.uri()),
                    input.files(), input.files() == 1 ? "" : "s", input.bytes(), dev.lagoa.core.Counts.of(input.records(), "record"), input.rejected());
        }
        out.printf("  changes    %,d inserted (c), %,d updated (u), %,d deleted (d); %,d unchanged%n", changes.inserts(),
                changes.updates(), changes.deletes(), manifest.unchanged());
        StringBuilder reasons = new StringBuilder();
        rejects.byReason().forEach((reason, count) -> reasons.append(reasons.length() == 0 ? "" : ", ").append(reason).append(' ').append(count));
        out.printf("  rejects    %d (allowed %d)%s%n", rejects.total(), rejects.maxAllowed(),
                rejects.total() == 0 ? "" : ": " + reasons + " → " + runtime.display(String.valueOf(rejects.location())));
        DiffManifest.Output output = manifest.output();
        if (!output.location().isEmpty()) {
            out.printf("  output     %s  (%d change file%s and _manifest.json)%n", runtime.display(output.location()),
                    output.files().size(), output.files().size() == 1 ? "" : "s");
        } else {
            out.printf("  output     nothing published for %s%n", manifest.date());
        }
    }
}
