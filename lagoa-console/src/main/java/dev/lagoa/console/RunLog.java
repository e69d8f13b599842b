package dev.lagoa.console;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The end of a job run's log, as the console may show it: only a file inside the workspace (after normalizing the path
 * and resolving links, so neither {@code ..} nor a link leads out), and only its last {@link #LIMIT} bytes.
 *
 * @param status what was found at the log's location
 * @param text the log's last bytes as text (from the first whole line when cut), empty unless {@code READ}
 * @param size the file's size in bytes
 * @param cut whether the file was longer than {@link #LIMIT}
 */
record RunLog(Status status, String text, long size, boolean cut) {
    /** 256 KiB: a page stays light, and the end of a log is where a failure is. */
    static final int LIMIT = 256 * 1024;

    enum Status {
        /** The file was read. */
        READ,
        /** No file there (not yet written, or removed). */
        MISSING,
        /** The location is outside the workspace (or not a path of this machine): not read. */
        OUTSIDE
    }

    /** The log at {@code location} if it lies inside {@code home}. */
    static RunLog read(Path home, String location) {
        Path root = home.toAbsolutePath().normalize();
        Path log;
        try {
            if (location.contains("://")) {
                return new RunLog(Status.OUTSIDE, "", 0, false);
            }
            Path given = Path.of(location);
            log = (given.isAbsolute() ? given : root.resolve(given)).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return new RunLog(Status.OUTSIDE, "", 0, false);
        }
        if (!log.startsWith(root)) {
            return new RunLog(Status.OUTSIDE, "", 0, false);
        }
        if (!Files.isRegularFile(log)) {
            return new RunLog(Status.MISSING, "", 0, false);
        }
        try {
            if (!log.toRealPath().startsWith(root.toRealPath())) {
                return new RunLog(Status.OUTSIDE, "", 0, false);
            }
            try (SeekableByteChannel channel = Files.newByteChannel(log)) {
                long size = channel.size();
                long from = Math.max(0, size - LIMIT);
                channel.position(from);
                ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer) <= 0) {
                        break;
                    }
                }
                String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
                if (from > 0) {
                    int newline = text.indexOf('\n');
                    text = newline < 0 ? text : text.substring(newline + 1);
                }
                return new RunLog(Status.READ, text, size, from > 0);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return new RunLog(Status.MISSING, "", 0, false);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot read the log %s: %s".formatted(location, e.getMessage()), e);
        }
    }
}
