package dev.lagoa.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.cli.DiffWiring;
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
import java.io.IOException;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Iterator;
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

    record Outcome(JobRun run, String out, Optional<JsonNode> manifest) {}

    static Outcome run(DiffWiring runtime, Request request, PrintWriter progress) {
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

        JobLauncher launcher = runtime.jobLauncher();
        JobRun started = launcher.start(new JobRunRequest(DiffPipeline.JOB_NAME, arguments));
        progress.printf("Started %s run %s%s%n", started.jobName(), started.id(), started.logLocation().map(log -> " (log: " + log + ")").orElse(""));
        progress.flush();
        java.time.Duration maxWait = JobsConfig.from(runtime.configuration()).defaultTimeout().plusMinutes(1);
        JobRun finished = launcher.awaitCompletion(started.id(), maxWait, runtime.jobPollInterval());
        String separator = out.endsWith("/") ? "" : "/";
        String manifestLocation = switch (finished.state()) {
            case SUCCEEDED -> out + separator + request.date() + "/_manifest.json";
            case FAILED, TIMEOUT, STOPPED, STARTING, RUNNING -> out + separator + "_failed/" + request.date() + "/" + finished.id() + "/_manifest.json";
        };
        Optional<JsonNode> manifest = runtime.readText(runtime.jobLocation(manifestLocation)).map(DiffRun::parse)
                .filter(node -> node.path("run_id").asText().equals(finished.id().value()));
        return new Outcome(finished, out, manifest);
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "The diff manifest is not readable JSON: " + e.getMessage(), e);
        }
    }

    /** Prints the summary; throws the run's failure after printing what there is to print. */
    static void report(DiffWiring runtime, Outcome outcome, PrintWriter out, boolean json) {
        JobRun run = outcome.run();
        if (json) {
            outcome.manifest().ifPresent(manifest -> out.println(Json.write(manifest)));
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

    private static void summary(DiffWiring runtime, JsonNode manifest, JobRun run, PrintWriter out) {
        JsonNode changes = manifest.path("changes");
        JsonNode rejects = manifest.path("rejects");
        out.printf("%nDiff of %s, run %s: %s in %s%n", manifest.path("date").asText(), run.id(), manifest.path("status").asText(),
                run.executionTime().map(Durations::format).orElse("-"));
        out.printf("  key        %s%s%n", String.join(",", texts(manifest.path("key"))),
                manifest.path("ignored_fields").isEmpty() ? "" : "   (ignoring " + String.join(", ", texts(manifest.path("ignored_fields"))) + ")");
        for (String side : List.of("yesterday", "today")) {
            JsonNode input = manifest.path("inputs").path(side);
            out.printf("  %-10s %s  (%d file%s, %,d bytes, %,d records, %d rejected)%n", side, runtime.display(input.path("uri").asText()),
                    input.path("files").asInt(), input.path("files").asInt() == 1 ? "" : "s", input.path("bytes").asLong(),
                    input.path("records").asLong(), input.path("rejected").asLong());
        }
        out.printf("  changes    %,d inserted (c), %,d updated (u), %,d deleted (d); %,d unchanged%n", changes.path("c").asLong(),
                changes.path("u").asLong(), changes.path("d").asLong(), manifest.path("unchanged").asLong());
        StringBuilder reasons = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = rejects.path("by_reason").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> reason = it.next();
            reasons.append(reasons.length() == 0 ? "" : ", ").append(reason.getKey()).append(' ').append(reason.getValue().asLong());
        }
        out.printf("  rejects    %d (allowed %d)%s%n", rejects.path("total").asLong(), rejects.path("max_allowed").asLong(),
                rejects.path("total").asLong() == 0 ? "" : ": " + reasons + " → " + runtime.display(rejects.path("location").asText()));
        JsonNode output = manifest.path("output");
        if (!output.path("location").asText().isEmpty()) {
            out.printf("  output     %s  (%d change file%s and _manifest.json)%n", runtime.display(output.path("location").asText()),
                    output.path("files").size(), output.path("files").size() == 1 ? "" : "s");
        } else {
            out.printf("  output     nothing published for %s%n", manifest.path("date").asText());
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
