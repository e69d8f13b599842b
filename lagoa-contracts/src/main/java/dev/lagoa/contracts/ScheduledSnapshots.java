package dev.lagoa.contracts;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The days and snapshot locations of a scheduled diff run: EventBridge Scheduler gives the run's scheduled time (an
 * ISO-8601 instant) and a location template with {@code {date}}; today is the instant's date in {@code zone}
 * (America/Sao_Paulo for the diff, by its time-zone rules, not a fixed offset), yesterday the day before, and each
 * snapshot is the template with that day as {@code YYYY-MM-DD}. The diff job reads them as {@code --scheduled-time} and
 * {@code --snapshots}.
 */
public record ScheduledSnapshots(LocalDate yesterday, LocalDate today, String yesterdayLocation, String todayLocation) {
    public static final String DATE_PLACEHOLDER = "{date}";
    public static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

    public ScheduledSnapshots {
        requireNonNull(yesterday, "yesterday is null");
        requireNonNull(today, "today is null");
        requireNonNull(yesterdayLocation, "yesterdayLocation is null");
        requireNonNull(todayLocation, "todayLocation is null");
    }

    /**
     * The days of the run scheduled at {@code scheduledTime} and the snapshots {@code template} names for them.
     *
     * @throws IllegalArgumentException if the time is not an ISO-8601 instant or the template has no {@code {date}}
     */
    public static ScheduledSnapshots resolve(String scheduledTime, String template, ZoneId zone) {
        requireNonNull(scheduledTime, "scheduledTime is null");
        requireNonNull(template, "template is null");
        requireNonNull(zone, "zone is null");
        if (!template.contains(DATE_PLACEHOLDER)) {
            throw new IllegalArgumentException("Invalid --snapshots '" + template + "': it must contain {date} (s3://exports/clientes/{date}/)");
        }
        LocalDate today = parse(scheduledTime).atZone(zone).toLocalDate();
        LocalDate yesterday = today.minusDays(1);
        return new ScheduledSnapshots(yesterday, today, template.replace(DATE_PLACEHOLDER, yesterday.toString()),
                template.replace(DATE_PLACEHOLDER, today.toString()));
    }

    private static Instant parse(String scheduledTime) {
        try {
            return OffsetDateTime.parse(scheduledTime.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Invalid --scheduled-time '" + scheduledTime + "': use an ISO-8601 instant (2026-12-06T04:00:00Z)", e);
        }
    }
}
