package dev.lagoa.cli.command;

import dev.lagoa.cli.LagoaRuntime;
import dev.lagoa.core.LagoaException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** The {@code --date} option of the commands: YYYY-MM-DD, today in {@code lagoa.time-zone} when absent. */
final class Dates {
    private Dates() {}

    static LocalDate dayOrToday(LagoaRuntime runtime, String date) {
        try {
            return date == null ? runtime.today() : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw LagoaException.userError("Invalid --date '%s': use YYYY-MM-DD", date);
        }
    }
}
