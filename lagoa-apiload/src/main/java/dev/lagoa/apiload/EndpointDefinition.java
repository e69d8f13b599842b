package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import dev.lagoa.apiload.schema.Contract;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One endpoint of the API load, as the endpoints file defines it. Header values may hold {@code ${env:NAME}}
 * references: they are kept as written and resolved only when a request is sent, so that no secret is ever held
 * here or printed.
 *
 * @param name the endpoint's name: its table, its lake folders ({@code raw/api/<name>/}, {@code errors/<name>/})
 * @param url the first request's URL; empty for an endpoint that loads files already in the lake
 * @param lakePrefix for an endpoint that loads files already in the lake: {@code s3://bucket/prefix/}; else empty
 * @param recordsPath JSON pointer of the records array in a response ({@code ""}: the body is the array)
 * @param primaryKey the fields that identify a record (needed by {@code merge})
 * @param incremental the field whose highest loaded value is sent as a parameter on the next run
 * @param maxNesting objects deeper than this are stored as jsonb; empty: {@code apiload.max-nesting}
 * @param jsonbPaths JSON pointers of fields stored whole as jsonb instead of being flattened
 * @param aliases source field (JSON pointer or top-level name) → the field whose column it loads into
 * @param applyRenames whether a rename detected with confidence is applied (else reported only)
 * @param schedule a cron expression (six fields, as EventBridge Scheduler) for {@code lagoa serve}; empty: manual only
 */
public record EndpointDefinition(String name, String url, String method, Map<String, String> headers, Optional<String> body,
        Optional<String> lakePrefix, String recordsPath, Pagination pagination, List<String> primaryKey, Optional<Incremental> incremental,
        WriteDisposition write, Contract contract, Optional<Integer> maxNesting, Set<String> jsonbPaths, Map<String, String> aliases,
        boolean applyRenames, Optional<String> schedule) {

    /** The incremental cursor: the highest value of {@code field} loaded so far is sent as {@code param}. */
    public record Incremental(String field, String param, Optional<String> initialValue) {
        public Incremental {
            requireNonNull(field, "field is null");
            requireNonNull(param, "param is null");
            requireNonNull(initialValue, "initialValue is null");
        }
    }

    public EndpointDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(url, "url is null");
        requireNonNull(method, "method is null");
        headers = Map.copyOf(requireNonNull(headers, "headers is null"));
        requireNonNull(body, "body is null");
        requireNonNull(lakePrefix, "lakePrefix is null");
        requireNonNull(recordsPath, "recordsPath is null");
        requireNonNull(pagination, "pagination is null");
        primaryKey = List.copyOf(requireNonNull(primaryKey, "primaryKey is null"));
        requireNonNull(incremental, "incremental is null");
        requireNonNull(write, "write is null");
        requireNonNull(contract, "contract is null");
        requireNonNull(maxNesting, "maxNesting is null");
        jsonbPaths = Set.copyOf(requireNonNull(jsonbPaths, "jsonbPaths is null"));
        aliases = Map.copyOf(requireNonNull(aliases, "aliases is null"));
        requireNonNull(schedule, "schedule is null");
        if (!name.matches("[a-z][a-z0-9_-]{0,39}")) {
            throw new IllegalArgumentException("Invalid endpoint name '%s': lower-case letters, digits, '_' and '-', starting with a letter, at most 40"
                    .formatted(name));
        }
    }

    /** A minimal definition for code and tests: a GET of {@code url}, records at the top level, no pagination. */
    public static EndpointDefinition of(String name, String url, WriteDisposition write, List<String> primaryKey) {
        return new EndpointDefinition(name, url, "GET", Map.of(), Optional.empty(), Optional.empty(), "", new Pagination.None(), primaryKey,
                Optional.empty(), write, Contract.EVOLVE, Optional.empty(), Set.of(), Map.of(), false, Optional.empty());
    }

    public EndpointDefinition withContract(Contract newContract) {
        return new EndpointDefinition(name, url, method, headers, body, lakePrefix, recordsPath, pagination, primaryKey, incremental, write,
                newContract, maxNesting, jsonbPaths, aliases, applyRenames, schedule);
    }

    public EndpointDefinition withRecordsPath(String newRecordsPath) {
        return new EndpointDefinition(name, url, method, headers, body, lakePrefix, newRecordsPath, pagination, primaryKey, incremental, write,
                contract, maxNesting, jsonbPaths, aliases, applyRenames, schedule);
    }

    public EndpointDefinition withPagination(Pagination newPagination) {
        return new EndpointDefinition(name, url, method, headers, body, lakePrefix, recordsPath, newPagination, primaryKey, incremental, write,
                contract, maxNesting, jsonbPaths, aliases, applyRenames, schedule);
    }

    public EndpointDefinition withIncremental(Incremental newIncremental) {
        return new EndpointDefinition(name, url, method, headers, body, lakePrefix, recordsPath, pagination, primaryKey,
                Optional.of(newIncremental), write, contract, maxNesting, jsonbPaths, aliases, applyRenames, schedule);
    }

    public EndpointDefinition withNesting(int newMaxNesting, Set<String> newJsonbPaths) {
        return new EndpointDefinition(name, url, method, headers, body, lakePrefix, recordsPath, pagination, primaryKey, incremental, write,
                contract, Optional.of(newMaxNesting), newJsonbPaths, aliases, applyRenames, schedule);
    }

    public EndpointDefinition withRenames(Map<String, String> newAliases, boolean newApplyRenames) {
        return new EndpointDefinition(name, url, method, headers, body, lakePrefix, recordsPath, pagination, primaryKey, incremental, write,
                contract, maxNesting, jsonbPaths, newAliases, newApplyRenames, schedule);
    }

    public EndpointDefinition withHeaders(Map<String, String> newHeaders) {
        return new EndpointDefinition(name, url, method, newHeaders, body, lakePrefix, recordsPath, pagination, primaryKey, incremental, write,
                contract, maxNesting, jsonbPaths, aliases, applyRenames, schedule);
    }

    /** The table the endpoint's records load into: its name in identifier form. */
    public String tableName() {
        return dev.lagoa.apiload.schema.Identifiers.normalize(name);
    }
}
