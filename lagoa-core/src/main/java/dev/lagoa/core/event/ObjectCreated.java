package dev.lagoa.core.event;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One object-created event, as an S3 event notification record carries it: bucket, key (decoded), size, entity tag,
 * sequencer and time.
 */
public record ObjectCreated(BucketName bucket, ObjectKey key, long size, String eTag, String sequencer, Instant eventTime, String eventName) {
    private static final Pattern DATE = Pattern.compile("(?:^|/)(?:[a-z_]+=)?(\\d{4}-\\d{2}-\\d{2})(?:/|$)");

    public ObjectCreated {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        requireNonNull(eTag, "eTag is null");
        requireNonNull(sequencer, "sequencer is null");
        requireNonNull(eventTime, "eventTime is null");
        requireNonNull(eventName, "eventName is null");
    }

    /** The first {@code YYYY-MM-DD} (or {@code name=YYYY-MM-DD}) folder of the key, such as the day of a diff file. */
    public Optional<LocalDate> dateFromPath() {
        Matcher matcher = DATE.matcher(key.value());
        while (matcher.find()) {
            try {
                return Optional.of(LocalDate.parse(matcher.group(1)));
            } catch (DateTimeParseException e) {
                // 2026-13-45 looks like a date and is not one: keep looking
            }
        }
        return Optional.empty();
    }

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
