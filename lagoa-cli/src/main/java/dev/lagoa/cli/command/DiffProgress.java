package dev.lagoa.cli.command;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.job.JobRun;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The progress of a diff run as the CLI can see it from outside the job's JVM: the run's state, and the two lines the
 * diff job logs (the files it is about to compare, then the records it compared), read from the run's log as it grows
 * (a local run's log file; on Glue only the state is seen). Stages: starting (the JVM, and Spark when the job runs on it), comparing, writing, then the
 * run's final state. Counts no records until the job has compared them: the job does not report them sooner.
 */
final class DiffProgress implements Consumer<JobRun> {
    private static final Pattern LISTED = Pattern.compile("Diff of \\S+ by .*: yesterday .* \\((\\d+) files in \\d+ chunks\\), today .* \\((\\d+) files in \\d+ chunks\\)");
    private static final Pattern COMPARED = Pattern.compile("Compared (\\d+) \\+ (\\d+) records in (\\d+) ms");
    private final Progress progress;
    private long logOffset;
    private String stage = "starting";
    private long records = -1;
    private String detail = "";

    DiffProgress(Progress progress) {
        this.progress = requireNonNull(progress, "progress is null");
    }

    @Override
    public void accept(JobRun run) {
        run.logLocation().ifPresent(this::read);
        if (run.state().isTerminal()) {
            progress.update(run.state().name().toLowerCase(Locale.ROOT), records, detail);
        } else {
            progress.update(stage, records, detail);
        }
    }

    /** Reads what the log gained since the last poll, a whole line at a time. */
    private void read(String location) {
        Path log;
        try {
            log = Path.of(location);
        } catch (RuntimeException e) {
            return; // not a local file (Glue's log)
        }
        if (!Files.isRegularFile(log)) {
            return;
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            if (file.length() <= logOffset) {
                return;
            }
            byte[] bytes = new byte[(int) Math.min(file.length() - logOffset, 1 << 20)];
            file.seek(logOffset);
            file.readFully(bytes);
            int end = lastNewLine(bytes);
            if (end < 0) {
                return;
            }
            logOffset += end + 1;
            new String(bytes, 0, end, StandardCharsets.UTF_8).lines().forEach(this::line);
        } catch (IOException e) {
            // the log is the job's; progress goes on from the state
        }
    }

    private static int lastNewLine(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** One line of the job's log: the two the diff job writes move the stage on. */
    void line(String line) {
        Matcher listed = LISTED.matcher(line);
        if (listed.find()) {
            stage = "comparing";
            detail = "yesterday %s file%s, today %s file%s".formatted(listed.group(1), listed.group(1).equals("1") ? "" : "s",
                    listed.group(2), listed.group(2).equals("1") ? "" : "s");
            return;
        }
        Matcher compared = COMPARED.matcher(line);
        if (compared.find()) {
            long yesterday = Long.parseLong(compared.group(1));
            long today = Long.parseLong(compared.group(2));
            long millis = Long.parseLong(compared.group(3));
            stage = "writing";
            records = yesterday + today;
            detail = String.format(Locale.ROOT, "compared %,d + %,d records in %,d ms (%,.0f records/s)", yesterday, today, millis,
                    millis == 0 ? 0.0 : records * 1000.0 / millis);
        }
    }
}
