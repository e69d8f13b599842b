package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The serve lock of a workspace, held by its {@code lagoa serve} until closed: the file {@code serve.lock} in the
 * workspace names the serve process ({@code pid N}), when it started, and what it serves besides the services (the
 * metrics endpoint), one line each. Other commands read it to know whether a serve runs ({@link #running}).
 */
public final class ServeLock implements Closeable {
    private static final String FILE = "serve.lock";
    private static final String PID = "pid ";
    private static final String STARTED = "started ";
    private final FileLock lock;
    private final FileChannel channel;

    private ServeLock(FileLock lock, FileChannel channel) {
        this.lock = lock;
        this.channel = channel;
    }

    /**
     * Holds the workspace's serve lock until the process ends; throws {@code LagoaException}
     * ({@code SERVICE_ALREADY_RUNNING}) when another {@code lagoa serve} holds it.
     */
    public static ServeLock lock(Path home) {
        requireNonNull(home, "home is null");
        Path lockFile = home.resolve(FILE);
        try {
            Files.createDirectories(home);
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = new String(Files.readAllBytes(lockFile), StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
                channel.close();
                throw new LagoaException(ErrorCode.SERVICE_ALREADY_RUNNING,
                        "Another lagoa serve runs on the workspace %s (%s); stop it first (Ctrl-C)".formatted(home, holder.isEmpty() ? "pid unknown" : holder));
            }
            channel.truncate(0);
            ProcessHandle self = ProcessHandle.current();
            String content = PID + self.pid() + self.info().startInstant().map(start -> System.lineSeparator() + STARTED + start).orElse("");
            channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
            return new ServeLock(lock, channel);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * The process id of the {@code lagoa serve} that runs on the workspace at {@code home}: the live process its lock file
     * names, when that process also started when the file says (so a reused process id is not taken for it); empty when
     * none runs. Reads the file only: it never takes the lock, so a serve starting meanwhile is not disturbed.
     */
    public static Optional<Long> running(Path home) {
        Path lockFile = home.resolve(FILE);
        if (!Files.isRegularFile(lockFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(lockFile, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).startsWith(PID)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).substring(PID.length()).trim());
            Optional<Instant> started = lines.stream().filter(line -> line.startsWith(STARTED))
                    .map(line -> Instant.parse(line.substring(STARTED.length()).trim())).findFirst();
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> started.isEmpty() || handle.info().startInstant().map(started.get()::equals).orElse(true))
                    .map(ProcessHandle::pid);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // being rewritten by a serve that starts, or not a lock file
        }
    }

    /** Whether a {@code lagoa serve} runs on the workspace at {@code home}, and which ({@link #running}). */
    public static Status status(Path home) {
        return new Status(home, running(home));
    }

    /** The workspace at {@code home} and the process id of the {@code lagoa serve} that runs on it, if any. */
    public record Status(Path home, Optional<Long> pid) {
        public Status {
            requireNonNull(home, "home is null");
            requireNonNull(pid, "pid is null");
        }
    }

    /** Adds a line to the lock file (through the channel that holds the lock, which another channel's close would release). */
    public void record(String line) {
        try {
            channel.write(ByteBuffer.wrap((System.lineSeparator() + line).getBytes(StandardCharsets.UTF_8)), channel.size());
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot write serve.lock: " + e.getMessage(), e);
        }
    }

    /** Releases the lock, and empties the file first: it names no process then. */
    @Override
    public void close() throws IOException {
        channel.truncate(0);
        lock.release();
        channel.close();
    }
}
