package dev.lagoa.jobs.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The merged output of a child process, copied line by line into a log file by a daemon thread, and searchable as it
 * arrives: {@link #await} returns as soon as a line matches, and fails when the process ends or the deadline passes
 * first.
 */
final class ProcessOutput {
    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    private ProcessOutput(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /** Starts copying {@code process}'s output (standard error merged into it) into {@code log}. */
    static ProcessOutput follow(String name, Process process, Path log) {
        ProcessOutput output = new ProcessOutput(name, process);
        Thread reader = new Thread(() -> output.copy(log), "output-of-" + name);
        reader.setDaemon(true);
        reader.start();
        return output;
    }

    private void copy(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /** The lines so far that match {@code pattern}. */
    synchronized List<String> lines(Pattern pattern) {
        return lines.stream().filter(line -> pattern.matcher(line).find()).toList();
    }

    /**
     * The first line, from the start of the output, that matches {@code pattern}.
     *
     * @throws IllegalStateException when the output ends or {@code timeout} passes without one, with the output's last lines
     */
    synchronized Matcher await(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int searched = 0;
        while (true) {
            for (; searched < lines.size(); searched++) {
                Matcher matcher = pattern.matcher(lines.get(searched));
                if (matcher.find()) {
                    return matcher;
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                throw new IllegalStateException("%s %s without a line matching /%s/; its last lines:%n%s".formatted(name,
                        ended ? "ended" : "ran " + timeout.toSeconds() + " s", pattern,
                        String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()))));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
