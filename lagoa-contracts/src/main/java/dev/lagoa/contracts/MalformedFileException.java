package dev.lagoa.contracts;

import static java.util.Objects.requireNonNull;

/** A shared file that cannot be read as its contract says: which file, and why. */
public final class MalformedFileException extends IllegalArgumentException {
    private final String file;
    private final String reason;

    public MalformedFileException(String what, String file, String reason) {
        super("Invalid %s %s: %s".formatted(requireNonNull(what, "what is null"), requireNonNull(file, "file is null"),
                requireNonNull(reason, "reason is null")));
        this.file = file;
        this.reason = reason;
    }

    /** The file, as it was named to the reader. */
    public String file() {
        return file;
    }

    /** Why it cannot be read, without the file's name. */
    public String reason() {
        return reason;
    }
}
