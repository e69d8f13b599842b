package dev.lagoa.cli.command;

import static java.util.Objects.requireNonNull;

import dev.lagoa.cli.PlatformActivity;
import dev.lagoa.core.config.Durations;
import dev.lagoa.core.job.JobRun;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;

/**
 * What {@code lagoa serve} prints as it works, one line each, dated in the workspace's time zone: an event delivered,
 * an event waiting (once per object and reason, with the reason's message and no stack trace), a job run started,
 * a job run finished (state and duration), a schedule fired and how it ended.
 */
final class ServeLines implements PlatformActivity {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final PrintWriter out;
    private final Clock clock;

    ServeLines(PrintWriter out, Clock clock) {
        this.out = requireNonNull(out, "out is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public void eventDelivered(String object, String target, Duration took) {
        line("event %s → %s: delivered in %s", object, target, Durations.format(took));
    }

    @Override
    public void eventWaiting(String object, String target, String reason) {
        line("event %s → %s: not delivered, sent again at each scan: %s", object, target, firstLine(reason));
    }

    @Override
    public void runStarted(JobRun run) {
        String arguments = run.arguments().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).map(argument -> argument.getKey() + " " + argument.getValue())
                .collect(Collectors.joining(" "));
        line("run %s %s: started%s%s", run.jobName(), run.id(), run.attempt() > 0 ? " (retry " + run.attempt() + ")" : "",
                arguments.isEmpty() ? "" : " " + arguments);
    }

    @Override
    public void runFinished(JobRun run) {
        line("run %s %s: %s in %s%s", run.jobName(), run.id(), run.state(), run.executionTime().map(Durations::format).orElse("?"),
                run.errorMessage().map(error -> ": " + firstLine(error)).orElse(""));
    }

    /** A schedule fired: {@code running}, {@code done}, or {@code failed: <message>}. */
    void schedule(String id, String outcome) {
        line("schedule %s: %s", id, firstLine(outcome));
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("").strip();
    }

    private synchronized void line(String format, Object... arguments) {
        out.printf("%s %s%n", ZonedDateTime.now(clock).format(TIME), format.formatted(arguments));
        out.flush();
    }
}
