package dev.lagoa.core.schedule;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;

/**
 * A cron expression as Amazon EventBridge Scheduler takes it: six fields, {@code minutes hours day-of-month month
 * day-of-week year} ({@code 0 2 * * ? *} is every day at 02:00), evaluated in a time zone. Fields take numbers,
 * {@code *}, lists ({@code 1,15}), ranges ({@code 1-5}) and steps ({@code 0/15}, {@code 8-18/2}); months and days of
 * the week also take names ({@code JAN}, {@code MON-FRI}); days of the week count from {@code 1} = Sunday, as
 * EventBridge does. One of day-of-month and day-of-week must be {@code ?}. The {@code L}, {@code W} and {@code #}
 * forms are not supported and are refused with a clear message.
 */
public final class CronExpression {
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final BitSet years;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronExpression(String text, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months, BitSet daysOfWeek, BitSet years,
            boolean anyDayOfMonth, boolean anyDayOfWeek) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.years = years;
        this.anyDayOfMonth = anyDayOfMonth;
        this.anyDayOfWeek = anyDayOfWeek;
    }

    /** Parses {@code 0 2 * * ? *} or {@code cron(0 2 * * ? *)}. */
    public static CronExpression parse(String expression) {
        requireNonNull(expression, "expression is null");
        String text = expression.trim();
        if (text.startsWith("cron(") && text.endsWith(")")) {
            text = text.substring(5, text.length() - 1).trim();
        }
        String[] fields = text.split("\\s+");
        if (fields.length != 6) {
            throw invalid(expression, "six fields are needed (minutes hours day-of-month month day-of-week year), not " + fields.length);
        }
        boolean anyDayOfMonth = fields[2].equals("?");
        boolean anyDayOfWeek = fields[4].equals("?");
        if (anyDayOfMonth == anyDayOfWeek) {
            throw invalid(expression, "exactly one of day-of-month and day-of-week must be '?'");
        }
        return new CronExpression(text,
                field(expression, fields[0], "minutes", 0, 59, null, 0),
                field(expression, fields[1], "hours", 0, 23, null, 0),
                anyDayOfMonth ? null : field(expression, fields[2], "day-of-month", 1, 31, null, 0),
                field(expression, fields[3], "month", 1, 12, MONTHS, 1),
                anyDayOfWeek ? null : field(expression, fields[4], "day-of-week", 1, 7, DAYS, 1),
                field(expression, fields[5], "year", 1970, 2199, null, 0),
                anyDayOfMonth, anyDayOfWeek);
    }

    private static BitSet field(String expression, String field, String name, int min, int max, String[] names, int firstName) {
        BitSet values = new BitSet(max + 1);
        for (String part : field.split(",")) {
            if (part.contains("L") && !part.equalsIgnoreCase("JUL") || part.contains("W") && !part.toUpperCase(Locale.ROOT).matches(".*(WED).*") || part.contains("#")) {
                throw invalid(expression, "the " + name + " form '" + part + "' (L, W, #) is not supported");
            }
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(expression, part.substring(slash + 1), name, null, 0);
                if (step < 1) {
                    throw invalid(expression, "the " + name + " step must be at least 1");
                }
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] bounds = range.split("-", 2);
                from = number(expression, bounds[0], name, names, firstName);
                to = number(expression, bounds[1], name, names, firstName);
            } else {
                from = number(expression, range, name, names, firstName);
                to = slash >= 0 ? max : from;
            }
            if (from < min || to > max || from > to) {
                throw invalid(expression, "the %s '%s' is outside %d-%d".formatted(name, part, min, max));
            }
            for (int value = from; value <= to; value += step) {
                values.set(value);
            }
        }
        return values;
    }

    private static int number(String expression, String text, String name, String[] names, int firstName) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equalsIgnoreCase(text)) {
                    return i + firstName;
                }
            }
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid(expression, "'" + text + "' is not a valid " + name);
        }
    }

    private static LagoaException invalid(String expression, String why) {
        return new LagoaException(ErrorCode.INVALID_ARGUMENT, "Invalid cron expression '%s': %s".formatted(expression, why));
    }

    /**
     * The first time strictly after {@code after} that matches, in {@code zone}; empty when none within the years
     * the expression allows. Local times that do not exist on a daylight-saving change are skipped; ambiguous ones
     * fire once, at the earlier offset.
     */
    public Optional<ZonedDateTime> next(ZonedDateTime after, ZoneId zone) {
        LocalDateTime start = after.withZoneSameInstant(zone).toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDate day = start.toLocalDate();
        for (int i = 0; i < 366 * 10 && day.getYear() <= 2199; i++, day = day.plusDays(1)) {
            if (!matchesDay(day)) {
                continue;
            }
            for (int hour = hours.nextSetBit(0); hour >= 0; hour = hours.nextSetBit(hour + 1)) {
                for (int minute = minutes.nextSetBit(0); minute >= 0; minute = minutes.nextSetBit(minute + 1)) {
                    LocalDateTime candidate = LocalDateTime.of(day, LocalTime.of(hour, minute));
                    if (candidate.isBefore(start)) {
                        continue;
                    }
                    ZonedDateTime zoned = ZonedDateTime.ofLocal(candidate, zone, null);
                    if (zoned.toLocalDateTime().equals(candidate)) {
                        return Optional.of(zoned);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private boolean matchesDay(LocalDate day) {
        if (!years.get(day.getYear()) || !months.get(day.getMonthValue())) {
            return false;
        }
        if (!anyDayOfMonth) {
            return daysOfMonth.get(day.getDayOfMonth());
        }
        int sundayFirst = day.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : day.getDayOfWeek().getValue() + 1;
        return anyDayOfWeek || daysOfWeek.get(sundayFirst);
    }

    /** The expression as EventBridge writes it: {@code cron(0 2 * * ? *)}. */
    @Override
    public String toString() {
        return "cron(" + text + ")";
    }
}
