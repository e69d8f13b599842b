package dev.lagoa.jobs.diff;

import java.io.Serializable;

/**
 * A piece of an input file that one task reads: a byte range of an uncompressed JSON Lines file, or a whole file
 * (compressed, a JSON array, or small). {@code name} is how the file is shown in records and rejects.
 */
public record InputChunk(String path, String name, long start, long end, boolean wholeFile, long fileLength) implements Serializable {
    public static InputChunk whole(String path, String name, long fileLength) {
        return new InputChunk(path, name, 0, Long.MAX_VALUE, true, fileLength);
    }
}
