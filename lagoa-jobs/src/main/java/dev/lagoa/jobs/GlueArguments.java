package dev.lagoa.jobs;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Job arguments as AWS Glue passes them: {@code --name value} pairs (Glue adds its own, such as {@code --JOB_NAME}
 * and {@code --JOB_RUN_ID}). A name given twice keeps the last value, as Glue does.
 */
public final class GlueArguments {
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,254}");
    private final Map<String, String> values;

    private GlueArguments(Map<String, String> values) {
        this.values = values;
    }

    public static GlueArguments parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || name.length() == 2) {
                throw new JobFailure("Unexpected argument '" + name + "': job arguments are --name value pairs");
            }
            int equals = name.indexOf('=');
            if (equals > 0) {
                values.put(name.substring(2, equals), name.substring(equals + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                values.put(name.substring(2), args[++i]);
            } else {
                values.put(name.substring(2), "true");
            }
        }
        return new GlueArguments(values);
    }

    public Optional<String> optional(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new JobFailure("Missing job argument --" + name));
    }

    public boolean flag(String name) {
        return optional(name).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new JobFailure("Job argument --" + name + " must be true or false, not '" + value + "'");
        }).orElse(false);
    }

    public long longValue(String name, long defaultValue) {
        return optional(name).map(value -> {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new JobFailure("Job argument --" + name + " must be a whole number, not '" + value + "'");
            }
        }).orElse(defaultValue);
    }

    /** An optional {@code YYYY-MM-DD} date argument. */
    public Optional<LocalDate> date(String name) {
        return optional(name).map(value -> {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new JobFailure("Invalid --" + name + " '" + value + "': use YYYY-MM-DD");
            }
        });
    }

    /**
     * The run's id: Glue's {@code --JOB_RUN_ID} ({@code jr_...}, as the local launcher passes it too), else a new
     * {@code run-<uuid>}. It names files and folders, so only letters, digits, '_', '.' and '-' are accepted.
     */
    public String runId() {
        String runId = optional("JOB_RUN_ID").orElse("run-" + UUID.randomUUID());
        if (!RUN_ID.matcher(runId).matches()) {
            throw new JobFailure("Invalid --JOB_RUN_ID '" + runId + "': use letters, digits, '_', '.' and '-'");
        }
        return runId;
    }
}
