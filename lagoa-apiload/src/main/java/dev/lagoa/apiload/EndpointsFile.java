package dev.lagoa.apiload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.apiload.schema.Contract;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the endpoints file ({@code apiload.endpoints-file}): {@code {"endpoints": [ {...}, ... ]}}. Every problem of
 * the file is reported at once, in one {@code INVALID_CONFIGURATION} error. Header values and bodies may refer to
 * environment variables as {@code ${env:NAME}}; a variable that is not set is a problem too (its value is never shown).
 */
public final class EndpointsFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "[a-z][a-z0-9_-]{0,39}";
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> KEYS = Set.of("name", "url", "method", "headers", "body", "lake", "records", "pagination", "primary-key",
            "incremental", "write", "contract", "max-nesting", "jsonb", "aliases", "renames", "schedule");

    private EndpointsFile() {}

    /** The endpoints defined in {@code file}. */
    public static List<EndpointDefinition> read(Path file, Map<String, String> environment) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "The endpoints file %s does not exist (apiload.endpoints-file)".formatted(file));
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Cannot read the endpoints file %s: %s".formatted(file, e.getMessage()), e);
        }
        return parse(root, file.toString(), environment);
    }

    /** The endpoints of {@code json}, in the file's format ({@code where} names its origin in messages). */
    public static List<EndpointDefinition> parse(String json, String where, Map<String, String> environment) {
        try {
            return parse(JSON.readTree(json), where, environment);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "The endpoints of %s are not JSON: %s".formatted(where,
                    e.getMessage().lines().findFirst().orElse("")), e);
        }
    }

    static List<EndpointDefinition> parse(JsonNode root, String where, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        List<EndpointDefinition> endpoints = new ArrayList<>();
        JsonNode list = root == null ? null : root.get("endpoints");
        if (list == null || !list.isArray()) {
            problems.add("it must be an object with an array \"endpoints\"");
        } else {
            Set<String> names = new HashSet<>();
            Map<String, String> endpointOfTable = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode node = list.get(i);
                String name = node.path("name").asText("");
                String prefix = "endpoints[%d]%s: ".formatted(i, name.isEmpty() ? "" : " (" + name + ")");
                int before = problems.size();
                Optional<EndpointDefinition> endpoint = endpoint(node, prefix, environment, problems);
                if (!name.isEmpty() && !names.add(name)) {
                    problems.add(prefix + "the name is used twice");
                } else if (name.matches(NAME)) {
                    // Names that differ only in '-' and '_' (a-b, a_b, a--b) would load into one table.
                    String table = dev.lagoa.apiload.schema.Identifiers.normalize(name);
                    String first = endpointOfTable.putIfAbsent(table, name);
                    if (first != null) {
                        problems.add(prefix + "it would load into table %s, the table of endpoint %s; give it another name".formatted(table, first));
                    }
                }
                if (problems.size() == before) {
                    endpoint.ifPresent(endpoints::add);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Invalid endpoints file %s (%d problem%s):%n  - %s".formatted(where,
                    problems.size(), problems.size() == 1 ? "" : "s", String.join(System.lineSeparator() + "  - ", problems)));
        }
        return endpoints;
    }

    private static Optional<EndpointDefinition> endpoint(JsonNode node, String prefix, Map<String, String> environment, List<String> problems) {
        if (!node.isObject()) {
            problems.add(prefix + "an endpoint must be an object");
            return Optional.empty();
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                problems.add(prefix + "unknown key \"%s\"; known: %s".formatted(key, new java.util.TreeSet<>(KEYS)));
            }
        }
        String name = node.path("name").asText("");
        if (!name.matches("[a-z][a-z0-9_-]{0,39}")) {
            problems.add(prefix + "\"name\" must be lower-case letters, digits, '_' and '-', starting with a letter, at most 40: '%s'".formatted(name));
        }
        String url = node.path("url").asText("");
        Optional<String> lake = text(node, "lake");
        if (url.isEmpty() == lake.isEmpty()) {
            problems.add(prefix + "set exactly one of \"url\" (an HTTP API) and \"lake\" (files already in the lake, s3://bucket/prefix/)");
        }
        if (!url.isEmpty() && !url.matches("https?://.+")) {
            problems.add(prefix + "\"url\" must be an http:// or https:// URL: '%s'".formatted(url));
        }
        String method = node.path("method").asText("GET").toUpperCase(java.util.Locale.ROOT);
        if (!method.equals("GET") && !method.equals("POST")) {
            problems.add(prefix + "\"method\" must be GET or POST");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        node.path("headers").fields().forEachRemaining(header -> {
            headers.put(header.getKey(), header.getValue().asText());
            checkEnvironment(prefix + "header " + header.getKey(), header.getValue().asText(), environment, problems);
        });
        Optional<String> body = text(node, "body");
        body.ifPresent(text -> checkEnvironment(prefix + "body", text, environment, problems));
        String records = node.path("records").asText("");
        if (!records.isEmpty() && !records.startsWith("/")) {
            problems.add(prefix + "\"records\" is a JSON pointer such as /data/items (empty: the body is the array)");
        }
        Pagination pagination = pagination(node.path("pagination"), prefix, problems);
        List<String> primaryKey = new ArrayList<>();
        node.path("primary-key").forEach(field -> primaryKey.add(field.asText()));
        WriteDisposition write = WriteDisposition.APPEND;
        Contract contract = Contract.EVOLVE;
        try {
            write = WriteDisposition.parse(node.path("write").asText(primaryKey.isEmpty() ? "append" : "merge"));
        } catch (IllegalArgumentException e) {
            problems.add(prefix + "\"write\" must be append, merge or replace");
        }
        if (write == WriteDisposition.MERGE && primaryKey.isEmpty()) {
            problems.add(prefix + "\"write\": \"merge\" needs a \"primary-key\"");
        }
        try {
            contract = Contract.parse(node.path("contract").asText("evolve"));
        } catch (IllegalArgumentException e) {
            problems.add(prefix + "\"contract\" must be evolve, freeze, discard_row or discard_value");
        }
        Optional<EndpointDefinition.Incremental> incremental = Optional.empty();
        if (node.has("incremental")) {
            JsonNode value = node.get("incremental");
            if (!value.path("field").isTextual() || !value.path("param").isTextual()) {
                problems.add(prefix + "\"incremental\" needs \"field\" (the record's field) and \"param\" (the query parameter)");
            } else {
                incremental = Optional.of(new EndpointDefinition.Incremental(value.get("field").asText(), value.get("param").asText(),
                        text(value, "initial")));
            }
        }
        Optional<Integer> maxNesting = node.has("max-nesting") ? Optional.of(node.get("max-nesting").asInt(-1)) : Optional.empty();
        if (maxNesting.isPresent() && maxNesting.get() < 0) {
            problems.add(prefix + "\"max-nesting\" must be a number, at least 0");
        }
        Set<String> jsonb = new HashSet<>();
        node.path("jsonb").forEach(path -> jsonb.add(path.asText()));
        Map<String, String> aliases = new LinkedHashMap<>();
        node.path("aliases").fields().forEachRemaining(alias -> aliases.put(alias.getKey(), alias.getValue().asText()));
        String renames = node.path("renames").asText("report");
        if (!renames.equals("report") && !renames.equals("apply")) {
            problems.add(prefix + "\"renames\" must be report (the default) or apply");
        }
        Optional<String> schedule = text(node, "schedule");
        schedule.ifPresent(cron -> {
            try {
                dev.lagoa.core.schedule.CronExpression.parse(cron);
            } catch (RuntimeException e) {
                problems.add(prefix + "\"schedule\": " + e.getMessage());
            }
        });
        if (!problems.isEmpty() || pagination == null || !name.matches("[a-z][a-z0-9_-]{0,39}")) {
            return Optional.empty();
        }
        return Optional.of(new EndpointDefinition(name, url, method, headers, body, lake, records, pagination, primaryKey, incremental, write,
                contract, maxNesting, jsonb, aliases, renames.equals("apply"), schedule));
    }

    private static Pagination pagination(JsonNode node, String prefix, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return new Pagination.None();
        }
        String type = node.path("type").asText("");
        return switch (type) {
            case "none" -> new Pagination.None();
            case "page" -> new Pagination.PageNumber(node.path("param").asText("page"), node.path("size-param").asText("per_page"),
                    node.path("size").asInt(100), node.path("start").asInt(1));
            case "offset" -> new Pagination.Offset(node.path("param").asText("offset"), node.path("limit-param").asText("limit"),
                    node.path("limit").asInt(100));
            case "cursor" -> {
                if (!node.path("cursor-path").asText("").startsWith("/")) {
                    problems.add(prefix + "cursor pagination needs \"cursor-path\", the JSON pointer of the next cursor in a response");
                    yield null;
                }
                yield new Pagination.Cursor(node.path("param").asText("cursor"), node.get("cursor-path").asText());
            }
            case "link" -> new Pagination.LinkHeader();
            default -> {
                problems.add(prefix + "\"pagination\".\"type\" must be none, page, offset, cursor or link: '%s'".formatted(type));
                yield null;
            }
        };
    }

    private static void checkEnvironment(String where, String text, Map<String, String> environment, List<String> problems) {
        Matcher matcher = ENV.matcher(text);
        while (matcher.find()) {
            if (!environment.containsKey(matcher.group(1))) {
                problems.add("%s refers to the environment variable %s, which is not set".formatted(where, matcher.group(1)));
            }
        }
    }

    private static Optional<String> text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() || value.asText().isEmpty() ? Optional.empty() : Optional.of(value.asText());
    }
}
