package dev.lagoa.aws.access;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the deployed API load takes from the workspace's endpoints file: the file itself (the loader's task gets it as
 * {@code apiload.endpoints}), the secrets its {@code ${env:NAME}} references name (each from the Secrets Manager secret
 * {@code lagoa/apiload/<NAME>}), and the endpoints that carry a schedule with their cron expressions (one EventBridge
 * schedule each). The file is read, not validated: the values behind its references exist only where the loader runs,
 * and the loader checks the whole file there as it does locally.
 *
 * @param json the file's content, or empty when there is no file
 */
public record ApiLoadEndpoints(Optional<String> json, Set<String> secretNames, Map<String, String> schedules) {
    /** No endpoints file: the loader's task is deployed with nothing to load and no schedule. */
    public static final ApiLoadEndpoints NONE = new ApiLoadEndpoints(Optional.empty(), Set.of(), Map.of());
    /** Where the secret of a reference {@code ${env:NAME}} is kept: {@code lagoa/apiload/NAME}. */
    public static final String SECRET_PREFIX = "lagoa/apiload/";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public ApiLoadEndpoints {
        requireNonNull(json, "json is null");
        secretNames = Set.copyOf(new TreeSet<>(requireNonNull(secretNames, "secretNames is null")));
        schedules = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(schedules, "schedules is null")));
    }

    /** The endpoints file at {@code file}; {@link #NONE} when it does not exist. Throws a configuration error for a file that is not JSON. */
    public static ApiLoadEndpoints read(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Cannot read the endpoints file %s: %s".formatted(file, e.getMessage()), e);
        }
        return parse(json, file.toString());
    }

    static ApiLoadEndpoints parse(String json, String where) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "The endpoints file %s is not JSON: %s".formatted(where,
                    e.getMessage().lines().findFirst().orElse("")), e);
        }
        Set<String> secrets = new TreeSet<>();
        Matcher references = REFERENCE.matcher(json);
        while (references.find()) {
            secrets.add(references.group(1));
        }
        Map<String, String> schedules = new TreeMap<>();
        for (JsonNode endpoint : root.path("endpoints")) {
            String name = endpoint.path("name").asText("");
            String cron = endpoint.path("schedule").asText("");
            if (cron.isBlank()) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                throw LagoaException.userError("The endpoints file %s schedules an endpoint named '%s': a name is lowercase letters, digits, '_' and '-'",
                        where, name);
            }
            dev.lagoa.core.schedule.CronExpression.parse(cron);
            schedules.put(name, cron.trim().replaceFirst("^cron\\((.*)\\)$", "$1").trim());
        }
        return new ApiLoadEndpoints(Optional.of(json), secrets, schedules);
    }
}
