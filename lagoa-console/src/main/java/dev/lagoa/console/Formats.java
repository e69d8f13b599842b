package dev.lagoa.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** How the console writes times, durations and sizes: in {@code lagoa.time-zone}, to the second. */
final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Formats() {}

    static String time(Instant instant, ZoneId zone) {
        return TIME.format(instant.atZone(zone));
    }

    static String time(Optional<Instant> instant, ZoneId zone) {
        return instant.map(value -> time(value, zone)).orElse("—");
    }

    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
        }
        return seconds < 3600 ? "%d min %02d s".formatted(seconds / 60, seconds % 60) : "%d h %02d min".formatted(seconds / 3600, seconds % 3600 / 60);
    }

    /** {@code a href} to a console page whose last segment is data. */
    static String link(String prefix, String segment) {
        return prefix + Html.pathSegment(segment);
    }
}
