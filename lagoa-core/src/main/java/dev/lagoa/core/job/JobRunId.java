package dev.lagoa.core.job;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The identifier of one job run ({@code jr_...}, as Glue names them). Safe to use as a file name. */
public record JobRunId(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    public JobRunId {
        requireNonNull(value, "value is null");
        if (!VALID.matcher(value).matches()) {
            throw LagoaException.userError("Invalid job run id '%s': only letters, digits, '_' and '-' are allowed", value);
        }
    }

    public static JobRunId of(String value) {
        return new JobRunId(value);
    }

    /** A new id that sorts by start time: {@code jr_20261121T093000_1a2b3c4d}. */
    public static JobRunId newId(Instant now) {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return new JobRunId("jr_" + STAMP.format(now) + "_" + HexFormat.of().formatHex(random));
    }

    @Override
    public String toString() {
        return value;
    }
}
