package dev.lagoa.cli.command;

import dev.lagoa.core.LagoaException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/** The {@code --date} option of the commands: YYYY-MM-DD, today in {@code lagoa.time-zone} when absent. */
final class Dates {
    private Dates() {}

    static LocalDate dayOrToday(Supplier<LocalDate> today, String date) {
        try {
            return date == null ? today.get() : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw LagoaException.userError("Invalid --date '%s': use YYYY-MM-DD", date);
        }
    }
}
