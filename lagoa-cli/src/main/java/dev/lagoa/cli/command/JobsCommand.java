package dev.lagoa.cli.command;

import dev.lagoa.cli.JobsWiring;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.Durations;
import dev.lagoa.core.job.JobDefinition;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunRequest;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.job.JobRunId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lagoa jobs runs|logs|stop}: the job runs of this workspace (or of Glue, in the aws profile). */
@Command(mixinStandardHelpOptions = true, name = "jobs", description = "Spark job runs: start, list, logs, stop.",
        subcommands = {JobsCommand.Run.class, JobsCommand.Runs.class, JobsCommand.Logs.class, JobsCommand.Stop.class})
public final class JobsCommand {
    @Command(mixinStandardHelpOptions = true, name = "runs", description = "Lists the most recent job runs, newest first.")
    static final class Runs implements Runnable {
        private final Supplier<JobsWiring> jobs;

        @Spec
        CommandSpec spec;

        @Option(names = "--job", paramLabel = "NAME", description = "Only this job's runs (e.g. lagoa-diff).")
        String job;

        @Option(names = "--limit", defaultValue = "20", description = "How many runs (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        Runs(Supplier<JobsWiring> jobs) {
            this.jobs = jobs;
        }

        @Override
        public void run() {
            if (limit < 1) {
                throw LagoaException.userError("--limit must be at least 1");
            }
            List<JobRun> runs = jobs.get().jobLauncher().runs(Optional.ofNullable(job), limit);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(runs.stream().map(JobRun::document).toList()));
                return;
            }
            if (runs.isEmpty()) {
                out.println("No job runs yet.");
                return;
            }
            ZoneId zone = jobs.get().zone();
            DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
            out.printf("Times in %s%n", zone);
            TextTable table = new TextTable("RUN", "JOB", "STATE", "STARTED", "DURATION", "ERROR");
            for (JobRun run : runs) {
                table.row(run.id(), run.jobName(), run.state() + (run.attempt() > 0 ? "#" + run.attempt() : ""),
                        time.format(run.startedOn()), run.executionTime().map(Durations::format).orElse("-"),
                        run.errorMessage().map(JobsCommand::firstLine).orElse(""));
            }
            table.print(out);
        }
    }

    static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline) + " …";
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }

    @Command(mixinStandardHelpOptions = true, name = "logs", description = "Prints the log of a job run.")
    static final class Logs implements Runnable {
        private final Supplier<JobsWiring> jobs;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "RUN_ID", description = "The run, as lagoa jobs runs lists it.")
        String runId;

        @Option(names = "--tail", paramLabel = "LINES", description = "Only the last LINES lines.")
        Integer tail;

        Logs(Supplier<JobsWiring> jobs) {
            this.jobs = jobs;
        }

        @Override
        public void run() {
            JobRun run = jobs.get().jobLauncher().get(JobRunId.of(runId));
            String location = run.logLocation().orElseThrow(() ->
                    new LagoaException(ErrorCode.JOB_RUN_NOT_FOUND, "Job run %s has no log".formatted(runId)));
            PrintWriter out = spec.commandLine().getOut();
            Path log = Path.of(location);
            if (!log.isAbsolute() || !Files.exists(log)) {
                out.println("The log of " + runId + " is at " + location);
                return;
            }
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                int from = tail == null ? 0 : Math.max(0, lines.size() - tail);
                lines.subList(from, lines.size()).forEach(out::println);
            } catch (NoSuchFileException e) {
                throw new LagoaException(ErrorCode.JOB_RUN_NOT_FOUND, "The log of %s is gone: %s".formatted(runId, location), e);
            } catch (IOException e) {
                throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot read %s: %s".formatted(location, e.getMessage()), e);
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "stop", description = "Stops a job run in flight.")
    static final class Stop implements Runnable {
        private final Supplier<JobsWiring> jobs;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "RUN_ID")
        String runId;

        Stop(Supplier<JobsWiring> jobs) {
            this.jobs = jobs;
        }

        @Override
        public void run() {
            jobs.get().jobLauncher().stop(JobRunId.of(runId));
            spec.commandLine().getOut().println("Stopped " + runId + ": " + jobs.get().jobLauncher().get(JobRunId.of(runId)).state());
        }
    }

    /**
     * {@code lagoa jobs run JOB [-a name=value]...}: one run of a pipeline's Spark job, on Glue with the aws profile (the
     * deployed job, its prefix included) or in a child JVM locally, waited for unless {@code --no-wait}.
     */
    @Command(mixinStandardHelpOptions = true, name = "run",
            description = {"Starts a run of a Spark job with its arguments and waits for its end: on AWS Glue with --profile aws, "
                    + "in a child JVM locally.",
                    "Exits with 0 when it succeeded, 2 when it failed or was stopped (its error is printed), 3 when it reached its time limit."})
    static final class Run implements java.util.concurrent.Callable<Integer> {
        private final Supplier<JobsWiring> jobs;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "JOB", description = "The job (lagoa pipelines show PIPELINE names them): lagoa-diff, lagoa-ibov-refine, ...")
        String job;

        @Option(names = {"-a", "--arg"}, paramLabel = "NAME=VALUE", description = "An argument of the run (repeatable): -a date=2022-12-08.")
        Map<String, String> arguments = new java.util.LinkedHashMap<>();

        @Option(names = "--no-wait", description = "Prints the run's id and returns without waiting.")
        boolean noWait;

        Run(Supplier<JobsWiring> jobs) {
            this.jobs = jobs;
        }

        @Override
        public Integer call() {
            JobDefinition definition = Pipelines.job(job);
            Map<String, String> named = new java.util.LinkedHashMap<>();
            arguments.forEach((name, value) -> named.put(name.startsWith("--") ? name : "--" + name, value));
            JobLauncher launcher = jobs.get().jobLauncher();
            JobRun run = launcher.start(new JobRunRequest(definition.name(), named));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Started %s run %s%n", definition.name(), run.id());
            if (noWait) {
                return 0;
            }
            Duration limit = definition.timeout().multipliedBy(definition.maxRetries() + 1L).plusMinutes(10);
            JobRun done = launcher.awaitCompletion(run.id(), limit, jobs.get().pollInterval());
            String took = done.executionTime().map(time -> " in " + time.toSeconds() + " s").orElse("");
            switch (done.state()) {
                case SUCCEEDED -> out.printf("Run %s %s%s%n", done.id(), done.state(), took);
                // the exit status follows who the run says was at fault, as for lagoa diff (unknown: the caller's)
                case FAILED -> throw new LagoaException(switch (launcher.failureType(done.id()).orElse(dev.lagoa.core.ErrorType.USER)) {
                    case USER -> ErrorCode.JOB_RUN_FAILED;
                    case EXTERNAL -> ErrorCode.JOB_RUN_FAILED_EXTERNAL;
                    case INTERNAL -> ErrorCode.JOB_RUN_FAILED_INTERNAL;
                }, "Run %s of %s FAILED%s: %s".formatted(done.id(), done.jobName(), took,
                        done.errorMessage().orElse("no error message (lagoa jobs logs " + done.id() + ")")));
                case TIMEOUT -> throw new LagoaException(ErrorCode.JOB_RUN_TIMEOUT, "Run %s of %s reached its time limit%s".formatted(done.id(),
                        done.jobName(), took));
                default -> throw new LagoaException(ErrorCode.JOB_RUN_STOPPED, "Run %s of %s ended %s%s".formatted(done.id(), done.jobName(),
                        done.state(), took));
            }
            return 0;
        }
    }
}
