package dev.lagoa.cli.command;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.config.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * The progress of long work, on standard error: a progress bar ({@code me.tongfei:progressbar}) on a terminal, a
 * plain line at each new stage and every {@link #LINE_INTERVAL} when the output goes elsewhere (a log, a pipe), and
 * nothing for {@code --json}. Work reports a stage (what it does now), a count of its unit so far (negative when it
 * does not know one) and a detail; the rate is the count over the time since the start. Not thread-safe.
 */
final class Progress implements AutoCloseable {
    static final Duration LINE_INTERVAL = Duration.ofSeconds(5);

    enum Mode {
        BAR,
        LINES,
        OFF
    }

    private final Mode mode;
    private final String task;
    private final String unit;
    private final PrintWriter err;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private final ProgressBar bar;
    private long lastLineNanos;
    private String stage = "";

    private Progress(Mode mode, String task, String unit, PrintWriter err, LongSupplier nanoTime) {
        this.mode = requireNonNull(mode, "mode is null");
        this.task = requireNonNull(task, "task is null");
        this.unit = requireNonNull(unit, "unit is null");
        this.err = requireNonNull(err, "err is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.startNanos = nanoTime.getAsLong();
        this.bar = mode == Mode.BAR ? new ProgressBarBuilder().setTaskName(task).setInitialMax(-1).setUnit(" " + unit, 1)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(250).hideEta().build() : null;
    }

    /** A bar on a terminal, lines elsewhere, nothing when the command prints JSON. */
    static Mode mode(boolean json) {
        return json ? Mode.OFF : System.console() != null ? Mode.BAR : Mode.LINES;
    }

    /** Starts showing the progress of {@code task}, counted in {@code unit} ({@code records}). */
    static Progress start(Mode mode, String task, String unit, PrintWriter err) {
        return new Progress(mode, task, unit, err, System::nanoTime);
    }

    /** As {@link #start(Mode, String, String, PrintWriter)}, on the clock {@code nanoTime} (tests). */
    static Progress start(Mode mode, String task, String unit, PrintWriter err, LongSupplier nanoTime) {
        return new Progress(mode, task, unit, err, nanoTime);
    }

    /** Where the work is: {@code stage}, {@code count} units so far (negative: none counted), and {@code detail} (may be empty). */
    void update(String stage, long count, String detail) {
        requireNonNull(stage, "stage is null");
        requireNonNull(detail, "detail is null");
        switch (mode) {
            case OFF -> { }
            case BAR -> {
                if (count >= 0) {
                    bar.stepTo(count);
                }
                bar.setExtraMessage(detail.isEmpty() ? stage : stage + ", " + detail);
            }
            case LINES -> {
                long now = nanoTime.getAsLong();
                if (!stage.equals(this.stage) || now - lastLineNanos >= LINE_INTERVAL.toNanos()) {
                    this.stage = stage;
                    lastLineNanos = now;
                    err.println(line(stage, count, detail, Duration.ofNanos(now - startNanos)));
                    err.flush();
                }
            }
        }
    }

    private String line(String stage, long count, String detail, Duration elapsed) {
        StringBuilder line = new StringBuilder(task).append(": ").append(stage);
        if (count >= 0) {
            line.append(String.format(Locale.ROOT, ", %,d %s", count, unit));
            if (elapsed.toMillis() > 0) {
                line.append(String.format(Locale.ROOT, " (%,.0f %s/s)", count * 1000.0 / elapsed.toMillis(), unit));
            }
        }
        if (!detail.isEmpty()) {
            line.append(", ").append(detail);
        }
        return line.append(", ").append(Durations.format(elapsed)).toString();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
