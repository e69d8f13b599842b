package dev.lagoa.core.job;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request to run a job with Glue-style arguments: keys start with {@code --} ({@code --date}, {@code --source}),
 * values are strings. The job's own settings (timeout, retries, concurrency) come from its {@link JobDefinition}.
 */
public record JobRunRequest(String jobName, Map<String, String> arguments) {
    public JobRunRequest {
        requireNonNull(jobName, "jobName is null");
        requireNonNull(arguments, "arguments is null");
        for (var entry : arguments.entrySet()) {
            if (!entry.getKey().matches("--[A-Za-z][A-Za-z0-9_.-]*")) {
                throw LagoaException.userError("Invalid job argument name '%s': it must look like --name", entry.getKey());
            }
            requireNonNull(entry.getValue(), "value of " + entry.getKey() + " is null");
        }
        arguments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }
}
