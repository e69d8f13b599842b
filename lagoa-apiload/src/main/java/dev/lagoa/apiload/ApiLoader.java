package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.lagoa.apiload.postgres.Catalog;
import dev.lagoa.apiload.postgres.Database;
import dev.lagoa.apiload.postgres.TableWriter;
import dev.lagoa.apiload.schema.Contract;
import dev.lagoa.apiload.schema.FlatRow;
import dev.lagoa.apiload.schema.Flattener;
import dev.lagoa.apiload.schema.Identifiers;
import dev.lagoa.apiload.schema.SchemaChange;
import dev.lagoa.apiload.schema.SchemaResolver;
import dev.lagoa.apiload.schema.TableSchema;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.ApiLoadConfig;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.core.lake.PutOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API load: fetches an endpoint's pages, archives each response raw in the lake
 * ({@code raw/api/<endpoint>/date=YYYY-MM-DD/<time>-<page>.json}) before parsing it, then loads the archived pages
 * into PostgreSQL in batches: records flattened into the endpoint's table and child tables, the tables created and
 * evolved by inference under each table's contract, each batch of each table written in one transaction through a
 * staging table. Rejected records and values go to {@code errors/<endpoint>/date=YYYY-MM-DD/} with the run's
 * structured log; every load is a row of {@code _lagoa_loads}.
 *
 * <p>Re-running the same source data is a no-op (recognised by the fingerprint of the responses); a load that died
 * half-way is found at the next run, its partial rows removed (append, replace; a merge's upserts are simply done
 * again), so that each record ends up exactly once. One load per endpoint runs at a time (a PostgreSQL advisory lock).
 */
public final class ApiLoader {
    /** Where an endpoint's pages come from; each page's body is handed to the sink, in order. */
    @FunctionalInterface
    public interface PageSource {
        /**
         * @param cursor the incremental cursor to send (the highest value loaded so far), when the endpoint has one
         * @throws LagoaException {@code SOURCE_ERROR} when the source fails after its retries
         */
        void fetch(EndpointDefinition endpoint, Optional<String> cursor, PageSink sink);
    }

    /** Receives the pages of a source. */
    @FunctionalInterface
    public interface PageSink {
        void accept(byte[] body);
    }

    /** Called after each batch is committed; tests stop a load half-way by throwing from it. */
    @FunctionalInterface
    public interface BatchListener {
        void afterBatch(String endpoint, String loadId, int batch);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ApiLoader.class);
    private static final DateTimeFormatter LOAD_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final DateTimeFormatter PAGE_TIME = DateTimeFormatter.ofPattern("HHmmssSSS");
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final ApiLoadConfig config;
    private final Database database;
    private final ObjectStore store;
    private final Clock clock;
    private final Catalog catalog;
    private final TableWriter writer;
    private final SecureRandom random = new SecureRandom();
    private BatchListener batchListener = (endpoint, loadId, batch) -> { };
    private Optional<ApiLoadMetrics> metrics = Optional.empty();

    /** @param clock its zone gives the dates of the lake's partitions (America/Sao_Paulo unless configured) */
    public ApiLoader(ApiLoadConfig config, Database database, ObjectStore store, Clock clock) {
        this.config = requireNonNull(config, "config is null");
        this.database = requireNonNull(database, "database is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.catalog = new Catalog(config.schema());
        this.writer = new TableWriter(catalog);
    }

    public ApiLoader withBatchListener(BatchListener listener) {
        this.batchListener = requireNonNull(listener, "listener is null");
        return this;
    }

    /** Every finished load (completed, skipped or failed) is added to these meters. */
    public ApiLoader withMetrics(ApiLoadMetrics newMetrics) {
        this.metrics = Optional.of(requireNonNull(newMetrics, "newMetrics is null"));
        return this;
    }

    public ApiLoadConfig config() {
        return config;
    }

    /** Fetches the endpoint's pages from {@code source}, archives them, and loads them. */
    public LoadResult run(EndpointDefinition endpoint, PageSource source) {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(source, "source is null");
        Run run = new Run(endpoint);
        try (Connection lock = database.open()) {
            run.lock(lock);
            try (Connection connection = database.open()) {
                catalog.create(connection);
                Optional<String> cursor = endpoint.incremental().isEmpty() ? Optional.empty()
                        : catalog.lastCursor(connection, endpoint.name()).or(() -> endpoint.incremental().get().initialValue());
                long start = System.nanoTime();
                List<ObjectKey> pages = new ArrayList<>();
                try {
                    source.fetch(endpoint, cursor, body -> pages.add(run.archive(body, pages.size() + 1)));
                } catch (LagoaException e) {
                    run.event("source_failed", e.getMessage());
                    run.extractSeconds += seconds(start);
                    return run.fail(connection, e, false);
                }
                run.extractSeconds += seconds(start);
                return run.load(connection, pages);
            }
        } catch (SQLException e) {
            throw Database.error("Cannot load endpoint " + endpoint.name(), e);
        }
    }

    /** Loads pages already in the lake (an endpoint with a {@code lake} prefix, or archived responses loaded again). */
    public LoadResult loadFromLake(EndpointDefinition endpoint, BucketName bucket, String prefix) {
        List<ObjectKey> keys = new ArrayList<>();
        for (ObjectSummary summary : store.listAll(bucket, prefix)) {
            keys.add(summary.key());
        }
        Run run = new Run(endpoint);
        run.sourceBucket = bucket;
        try (Connection lock = database.open()) {
            run.lock(lock);
            try (Connection connection = database.open()) {
                catalog.create(connection);
                return run.load(connection, keys);
            }
        } catch (SQLException e) {
            throw Database.error("Cannot load endpoint " + endpoint.name(), e);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** One run of one endpoint: its counters, rejects and log. */
    private final class Run {
        private final EndpointDefinition endpoint;
        private final String loadId;
        private final LocalDate date;
        private final Instant started;
        private final List<Map<String, Object>> events = new ArrayList<>();
        private final List<Reject> rejects = new ArrayList<>();
        private final List<String> rejectFiles = new ArrayList<>();
        private final Map<String, Long> rejectsByReason = new TreeMap<>();
        private final List<SchemaChange> changes = new ArrayList<>();
        private final List<Rename> renames = new ArrayList<>();
        private final Set<String> created = new HashSet<>();
        private final MessageDigest fingerprint;
        private BucketName sourceBucket;
        private Map<String, TableSchema> tables;
        private double extractSeconds;
        private double normalizeSeconds;
        private double writeSeconds;
        private long rowsRead;
        private long rowsLoaded;
        private long childRowsLoaded;
        private long rowsRejected;
        private long valuesRejected;
        private long deduplicated;
        private String cursorValue;
        private int batches;
        private String errorType = "";

        Run(EndpointDefinition endpoint) {
            this.endpoint = endpoint;
            ZonedDateTime now = ZonedDateTime.now(clock);
            this.started = now.toInstant();
            this.date = now.toLocalDate();
            byte[] suffix = new byte[3];
            random.nextBytes(suffix);
            this.loadId = LOAD_ID_TIME.format(now.withZoneSameInstant(ZoneOffset.UTC)) + "-" + HexFormat.of().formatHex(suffix);
            this.sourceBucket = config.bucket();
            try {
                this.fingerprint = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void lock(Connection connection) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
                statement.setString(1, "lagoa-apiload:" + config.schema() + ":" + endpoint.name());
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    if (!row.getBoolean(1)) {
                        throw new LagoaException(ErrorCode.INVALID_ARGUMENT,
                                "Cannot load endpoint %s: another load of it is running".formatted(endpoint.name()));
                    }
                }
            }
            connection.commit();
        }

        ObjectKey archive(byte[] body, int page) {
            String time = PAGE_TIME.format(ZonedDateTime.now(clock));
            ObjectKey key = ObjectKey.of("raw/api/%s/date=%s/%s-%05d.json".formatted(endpoint.name(), date, time, page));
            store.createBucket(config.bucket());
            store.put(config.bucket(), key, body, PutOptions.contentType("application/json"));
            return key;
        }

        LoadResult load(Connection connection, List<ObjectKey> pages) throws SQLException {
            for (ObjectKey page : pages) {
                fingerprint.update(store.getBytes(sourceBucket, page));
                fingerprint.update((byte) 0);
            }
            String fingerprintHex = HexFormat.of().formatHex(fingerprint.digest());
            Optional<String> same = catalog.completedLoadWithFingerprint(connection, endpoint.name(), fingerprintHex);
            if (same.isPresent()) {
                String message = "The source data is the same as load %s's: nothing to do".formatted(same.get());
                event("skipped", message);
                catalog.startLoad(connection, loadId, endpoint.name(), started, fingerprintHex);
                return finish(connection, LoadResult.SKIPPED, message, pages.size());
            }
            tables = catalog.tables(connection, endpoint.name());
            cleanUnfinished(connection);
            catalog.startLoad(connection, loadId, endpoint.name(), started, fingerprintHex);
            try {
                List<Json> batch = new ArrayList<>();
                for (ObjectKey page : pages) {
                    long start = System.nanoTime();
                    List<Json> records = records(page);
                    normalizeSeconds += seconds(start);
                    for (Json record : records) {
                        batch.add(record);
                        if (batch.size() >= config.batchSize()) {
                            writeBatch(connection, batch);
                            batch.clear();
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    writeBatch(connection, batch);
                }
                if (endpoint.write() == WriteDisposition.REPLACE && batches > 0) {
                    long start = System.nanoTime();
                    int deleted = writer.deleteLoads(connection, tables.keySet(), List.of(loadId), true);
                    connection.commit();
                    writeSeconds += seconds(start);
                    event("replaced", "%d rows of earlier loads removed".formatted(deleted));
                }
                String message = "%d records read, %d loaded, %d rejected".formatted(rowsRead, rowsLoaded, rowsRejected);
                return finish(connection, LoadResult.COMPLETED, message, pages.size());
            } catch (LagoaException e) {
                return fail(connection, e, true);
            } catch (SQLException e) {
                return fail(connection, Database.error("Cannot load endpoint " + endpoint.name(), e), true);
            }
        }

        /** Rows of earlier loads that died half-way: removed for append and replace, kept (upserts) for merge. */
        private void cleanUnfinished(Connection connection) throws SQLException {
            List<String> unfinished = catalog.unfinishedLoads(connection, endpoint.name());
            if (unfinished.isEmpty()) {
                return;
            }
            int deleted = endpoint.write() == WriteDisposition.MERGE ? 0 : writer.deleteLoads(connection, tables.keySet(), unfinished, false);
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + catalog.table(Catalog.LOADS)
                    + " SET status = 'abandoned', finished_at = now(), message = ? WHERE load_id = ANY(?)")) {
                update.setString(1, "did not finish; found by load %s, which removed its %d partial rows".formatted(loadId, deleted));
                update.setArray(2, connection.createArrayOf("text", unfinished.toArray()));
                update.executeUpdate();
            }
            connection.commit();
            event("abandoned_loads", "loads %s did not finish: %d partial rows removed".formatted(unfinished, deleted));
        }

        /** The records of one archived page, in order; a page that cannot be read is rejected whole. */
        private List<Json> records(ObjectKey page) {
            byte[] body = store.getBytes(sourceBucket, page);
            String source = "s3://" + sourceBucket + "/" + page;
            List<Json> records = new ArrayList<>();
            List<JsonNode> nodes = new ArrayList<>();
            try {
                if (page.value().endsWith(".jsonl")) {
                    for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
                        if (!line.isBlank()) {
                            nodes.add(JsonReader.read(line));
                        }
                    }
                } else {
                    JsonNode root = JsonReader.read(body);
                    JsonNode found = root == null ? null : endpoint.recordsPath().isEmpty() ? root : root.at(endpoint.recordsPath());
                    if (found == null || found.isMissingNode() || found.isNull()) {
                        reject(new Reject(endpoint.name(), loadId, "", endpoint.recordsPath(), Reject.Reason.RECORDS_NOT_FOUND,
                                "no records at '%s' in the response".formatted(endpoint.recordsPath()), truncated(body), source));
                        return records;
                    }
                    if (found.isArray()) {
                        found.forEach(nodes::add);
                    } else {
                        nodes.add(found);
                    }
                }
            } catch (IOException e) {
                reject(new Reject(endpoint.name(), loadId, "", "", Reject.Reason.MALFORMED_JSON, "the response is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()),
                        truncated(body), source));
                return records;
            }
            for (JsonNode node : nodes) {
                records.add(new Json(node, source));
            }
            return records;
        }

        private TextNode truncated(byte[] body) {
            String text = new String(body, StandardCharsets.UTF_8);
            return TextNode.valueOf(text.length() > 100_000 ? text.substring(0, 100_000) : text);
        }

        private void writeBatch(Connection connection, List<Json> batch) throws SQLException {
            batches++;
            long start = System.nanoTime();
            String rootTable = endpoint.tableName();
            int maxNesting = endpoint.maxNesting().orElse(config.maxNesting());
            Map<String, String> aliases = new HashMap<>();
            endpoint.aliases().forEach((from, to) -> aliases.put(Flattener.pointer(from), Flattener.pointer(to)));
            Set<String> jsonbPaths = new HashSet<>();
            endpoint.jsonbPaths().forEach(path -> jsonbPaths.add(Flattener.pointer(path)));
            Flattener flattener = new Flattener(maxNesting, jsonbPaths, aliases);

            Map<String, Json> byId = new LinkedHashMap<>();
            for (Json record : batch) {
                rowsRead++;
                if (!record.node().isObject()) {
                    reject(new Reject(endpoint.name(), loadId, rootTable, "", Reject.Reason.NOT_AN_OBJECT,
                            "a record must be a JSON object, not " + record.node().getNodeType().name().toLowerCase(java.util.Locale.ROOT),
                            record.node(), record.source()));
                    continue;
                }
                Optional<String> id = id(record);
                if (id.isEmpty()) {
                    continue;
                }
                if (endpoint.write() == WriteDisposition.MERGE && byId.remove(id.get()) != null) {
                    deduplicated++;
                }
                byId.put(id.get(), record);
                trackCursor(record.node());
            }
            List<FlatRow> rows = new ArrayList<>();
            List<Json> positions = new ArrayList<>(byId.values());
            int position = 0;
            for (Map.Entry<String, Json> entry : byId.entrySet()) {
                rows.addAll(flattener.flatten((ObjectNode) entry.getValue().node(), rootTable, position++, entry.getKey()));
            }
            Map<String, List<FlatRow>> byTable = new LinkedHashMap<>();
            Map<String, String> tableOfId = new HashMap<>();
            for (FlatRow row : rows) {
                byTable.computeIfAbsent(row.table(), table -> new ArrayList<>()).add(row);
                tableOfId.put(row.id(), row.table());
            }
            byTable.putIfAbsent(rootTable, List.of());
            if (endpoint.write() == WriteDisposition.MERGE) {
                tables.values().stream().filter(TableSchema::isChild).forEach(table -> byTable.putIfAbsent(table.name(), List.of()));
            }
            normalizeSeconds += seconds(start);

            Set<Integer> rejectedRecords = new HashSet<>();
            Set<String> loadedRoots = new HashSet<>();
            for (Map.Entry<String, List<FlatRow>> entry : byTable.entrySet()) {
                String name = entry.getKey();
                List<FlatRow> tableRows = entry.getValue().stream().filter(row -> !rejectedRecords.contains(row.record())).toList();
                if (tableRows.isEmpty() && !tables.containsKey(name)) {
                    continue;
                }
                long normalizeStart = System.nanoTime();
                Optional<String> parent = tableRows.isEmpty() ? Optional.empty()
                        : tableRows.get(0).parentId().map(tableOfId::get);
                TableSchema table = tables.computeIfAbsent(name, key -> new TableSchema(key, endpoint.name(), parent, false));
                List<SchemaChange> aliasChanges = new ArrayList<>();
                Map<String, String> aliasPaths = new LinkedHashMap<>();
                if (!table.isChild() && table.exists() && !endpoint.primaryKey().isEmpty()) {
                    for (Rename rename : RenameDetector.detect(connection, catalog, table, tableRows)) {
                        if (endpoint.applyRenames() && rename.confident()) {
                            table.put(rename.toField(), table.column(rename.column()).orElseThrow());
                            aliasPaths.put(rename.toField(), rename.column());
                            aliasChanges.add(new SchemaChange(table.name(), rename.column(), SchemaChange.Kind.ALIAS, "",
                                    "field '%s' renamed to '%s': %s".formatted(rename.fromField(), rename.toField(), rename.evidence())));
                            rename = RenameDetector.applied(rename).orElseThrow();
                        }
                        renames.add(rename);
                        event("rename_detected", "%s.%s → %s (%s)%s".formatted(table.name(), rename.fromField(), rename.toField(), rename.evidence(),
                                rename.applied() ? ", applied" : ", loaded as a new column"));
                    }
                }
                SchemaResolver.Resolution resolution = SchemaResolver.resolve(table, tableRows, endpoint.contract());
                if (!aliasPaths.isEmpty()) {
                    Map<String, String> paths = new LinkedHashMap<>(aliasPaths);
                    paths.putAll(resolution.newPaths());
                    resolution = new SchemaResolver.Resolution(resolution.rows(), resolution.violations(), resolution.added(), resolution.widened(), paths);
                }
                normalizeSeconds += seconds(normalizeStart);
                for (SchemaResolver.Violation violation : resolution.violations()) {
                    Reject.Reason reason = switch (endpoint.contract()) {
                        case FREEZE -> Reject.Reason.CONTRACT_FREEZE;
                        case DISCARD_ROW -> Reject.Reason.CONTRACT_DISCARD_ROW;
                        case DISCARD_VALUE -> Reject.Reason.CONTRACT_DISCARD_VALUE;
                        case EVOLVE -> throw new IllegalStateException("evolve never refuses a change");
                    };
                    JsonNode raw = violation.wholeRow() && !violation.row().isChild() ? positions.get(violation.row().record()).node() : violation.value();
                    reject(new Reject(endpoint.name(), loadId, table.name(), violation.field(), reason, violation.detail(), raw,
                            positions.get(violation.row().record()).source()));
                    if (violation.wholeRow() && !violation.row().isChild()) {
                        rejectedRecords.add(violation.row().record());
                    }
                }
                if (endpoint.contract() == Contract.FREEZE && !resolution.violations().isEmpty()) {
                    throw new LagoaException(ErrorCode.CONTRACT_VIOLATION, ("Cannot load endpoint %s: table %s is frozen and %d value%s of batch %d "
                            + "need a schema change (first: %s); nothing of the batch was written, every violation is in the rejects").formatted(
                            endpoint.name(), table.name(), resolution.violations().size(), resolution.violations().size() == 1 ? "" : "s", batches,
                            resolution.violations().get(0).detail()));
                }
                SchemaResolver.Resolution writable = resolution;
                if (!rejectedRecords.isEmpty()) {
                    writable = new SchemaResolver.Resolution(resolution.rows().stream().filter(row -> !rejectedRecords.contains(row.row().record()))
                            .toList(), resolution.violations(), resolution.added(), resolution.widened(), resolution.newPaths());
                }
                long writeStart = System.nanoTime();
                boolean create = !table.exists() && !created.contains(table.name());
                TableWriter.Outcome outcome = writer.write(connection, table, writable, create, endpoint.write(), loadId,
                        table.isChild() ? loadedRoots : List.of(), aliasChanges);
                writeSeconds += seconds(writeStart);
                created.add(table.name());
                changes.addAll(outcome.changes());
                for (SchemaChange change : outcome.changes()) {
                    event("schema_change", "%s %s.%s: %s".formatted(change.kind(), change.table(), change.column(), change.ddl()));
                }
                for (TableWriter.RowFailure failure : outcome.failures()) {
                    FlatRow row = failure.row().row();
                    JsonNode raw = row.isChild() ? JSON.valueToTree(row.fields()) : positions.get(row.record()).node();
                    reject(new Reject(endpoint.name(), loadId, table.name(), "", Reject.Reason.DATABASE,
                            "PostgreSQL refused the row: %s (SQLSTATE %s)".formatted(failure.reason(), failure.sqlState()), raw,
                            positions.get(row.record()).source()));
                    if (!row.isChild()) {
                        rejectedRecords.add(row.record());
                    }
                }
                if (table.isChild()) {
                    childRowsLoaded += outcome.loaded();
                } else {
                    rowsLoaded += outcome.loaded();
                    for (SchemaResolver.ResolvedRow row : writable.rows()) {
                        if (!rejectedRecords.contains(row.row().record())) {
                            loadedRoots.add(row.row().id());
                        }
                    }
                }
            }
            writeRejects();
            batchListener.afterBatch(endpoint.name(), loadId, batches);
        }

        /** The record's {@code _lagoa_id}: a hash of its primary key, or of the load and its position without one. */
        private Optional<String> id(Json record) {
            if (endpoint.primaryKey().isEmpty()) {
                return Optional.of(Identifiers.sha256(loadId + "\u0001" + rowsRead).substring(0, 32));
            }
            StringBuilder key = new StringBuilder();
            for (String field : endpoint.primaryKey()) {
                JsonNode value = record.node().at(Flattener.pointer(field));
                if (value.isMissingNode() || value.isNull() || value.isContainerNode()) {
                    reject(new Reject(endpoint.name(), loadId, endpoint.tableName(), Flattener.pointer(field), Reject.Reason.MISSING_PRIMARY_KEY,
                            "primary key field '%s' is %s".formatted(field, value.isContainerNode() ? "not a scalar" : "missing or null"),
                            record.node(), record.source()));
                    return Optional.empty();
                }
                key.append(value.asText()).append('\u0001');
            }
            return Optional.of(Identifiers.sha256(key.toString()).substring(0, 32));
        }

        private void trackCursor(JsonNode record) {
            if (endpoint.incremental().isEmpty()) {
                return;
            }
            JsonNode value = record.at(Flattener.pointer(endpoint.incremental().get().field()));
            if (value.isMissingNode() || value.isNull()) {
                return;
            }
            String text = value.asText();
            if (cursorValue == null || compare(text, cursorValue, value.isNumber()) > 0) {
                cursorValue = text;
            }
        }

        private int compare(String a, String b, boolean numbers) {
            if (numbers) {
                try {
                    return new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b));
                } catch (NumberFormatException e) {
                    return a.compareTo(b);
                }
            }
            return a.compareTo(b);
        }

        void reject(Reject reject) {
            rejects.add(reject);
            rejectsByReason.merge(reject.reason().label(), 1L, Long::sum);
            if (reject.isRow()) {
                rowsRejected++;
            } else {
                valuesRejected++;
            }
        }

        /** The rejects gathered since the last call, as one JSON Lines object. */
        private void writeRejects() {
            if (rejects.isEmpty()) {
                return;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                for (Reject reject : rejects) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("endpoint", reject.endpoint());
                    line.put("load_id", reject.loadId());
                    line.put("table", reject.table());
                    line.put("field", reject.field());
                    line.put("reason", reject.reason().label());
                    line.put("detail", reject.detail());
                    line.put("raw_value", reject.rawValue());
                    line.put("source", reject.source());
                    out.write(JSON.writeValueAsBytes(line));
                    out.write('\n');
                }
            } catch (IOException e) {
                throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot write the rejects of load " + loadId, e);
            }
            ObjectKey key = ObjectKey.of("errors/%s/date=%s/%s-rejects-%05d.jsonl".formatted(endpoint.name(), date, loadId, rejectFiles.size() + 1));
            store.createBucket(config.bucket());
            store.put(config.bucket(), key, out.toByteArray(), PutOptions.contentType("application/x-ndjson"));
            rejectFiles.add("s3://" + config.bucket() + "/" + key);
            rejects.clear();
        }

        void event(String kind, String message) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("time", Instant.now(clock).toString());
            event.put("event", kind);
            event.put("message", message);
            events.add(event);
            LOG.info("{} {}: {}", endpoint.name(), kind, message);
        }

        LoadResult fail(Connection connection, LagoaException e, boolean started) throws SQLException {
            event("failed", e.getMessage());
            errorType = e.errorCode().type().name();
            if (!started) {
                catalog.startLoad(connection, loadId, endpoint.name(), this.started, null);
            }
            LoadResult result = finish(connection, LoadResult.FAILED, e.getMessage(), 0);
            LOG.warn("Load {} of {} failed: {}", loadId, endpoint.name(), e.getMessage());
            return result;
        }

        private LoadResult finish(Connection connection, String status, String message, int pages) throws SQLException {
            try {
                connection.rollback();
            } catch (SQLException e) {
                LOG.debug("Nothing to roll back: {}", e.getMessage());
            }
            writeRejects();
            double total = extractSeconds + normalizeSeconds + writeSeconds;
            Map<String, Double> phases = new LinkedHashMap<>();
            phases.put("extract", round(extractSeconds));
            phases.put("normalize", round(normalizeSeconds));
            phases.put("write", round(writeSeconds));
            ObjectKey logKey = ObjectKey.of("errors/%s/date=%s/%s-log.json".formatted(endpoint.name(), date, loadId));
            LoadResult result = new LoadResult(endpoint.name(), loadId, status, message, pages, rowsRead, rowsLoaded, childRowsLoaded, rowsRejected,
                    valuesRejected, deduplicated, rejectsByReason, changes, renames, phases, total > 0 ? round(rowsRead / total) : 0, rejectFiles,
                    "s3://" + config.bucket() + "/" + logKey, errorType);
            try {
                Map<String, Object> log = new LinkedHashMap<>();
                log.put("load", result);
                log.put("events", events);
                store.createBucket(config.bucket());
                store.put(config.bucket(), logKey, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(log), PutOptions.contentType("application/json"));
                catalog.finishLoad(connection, loadId, status, Instant.now(clock), rowsRead, rowsLoaded, rowsRejected,
                        LoadResult.COMPLETED.equals(status) ? cursorValue : null, JSON.writeValueAsString(result), message);
            } catch (IOException e) {
                throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot write the log of load " + loadId, e);
            }
            metrics.ifPresent(meters -> meters.record(result));
            return result;
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** A record and the lake object it came from. */
    private record Json(JsonNode node, String source) {
    }

    /** The tables of an endpoint (for {@code lagoa apiload schema}): loaded from the catalog. */
    public Map<String, TableSchema> tables(String endpoint) {
        try (Connection connection = database.open()) {
            catalog.create(connection);
            return catalog.tables(connection, endpoint);
        } catch (SQLException e) {
            throw Database.error("Cannot read the tables of endpoint " + endpoint, e);
        }
    }

    /**
     * The loads of {@code endpoint} (of every endpoint when empty) from {@code _lagoa_loads}, the latest first, at most
     * {@code limit}.
     */
    public List<LoadRun> runs(Optional<String> endpoint, int limit) {
        requireNonNull(endpoint, "endpoint is null");
        try (Connection connection = database.open()) {
            catalog.create(connection);
            List<LoadRun> runs = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT load_id, endpoint, status, started_at, finished_at, rows_read, "
                    + "rows_loaded, rows_rejected, message, metrics::text FROM " + catalog.table(Catalog.LOADS)
                    + " WHERE (?::text IS NULL OR endpoint = ?) ORDER BY started_at DESC, load_id DESC LIMIT ?")) {
                query.setString(1, endpoint.orElse(null));
                query.setString(2, endpoint.orElse(null));
                query.setInt(3, limit);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        java.sql.Timestamp finished = rows.getTimestamp(5);
                        runs.add(new LoadRun(rows.getString(1), rows.getString(2), rows.getString(3), rows.getTimestamp(4).toInstant(),
                                Optional.ofNullable(finished).map(java.sql.Timestamp::toInstant), rows.getLong(6), rows.getLong(7), rows.getLong(8),
                                Optional.ofNullable(rows.getString(9)).orElse(""), metrics(rows.getString(10))));
                    }
                }
            }
            connection.commit();
            return runs;
        } catch (SQLException e) {
            throw Database.error("Cannot read the loads" + endpoint.map(name -> " of endpoint " + name).orElse(""), e);
        }
    }

    /** Every change applied to the endpoint's tables, from {@code _lagoa_schema_changes}, oldest first. */
    public List<AppliedChange> schemaHistory(String endpoint) {
        requireNonNull(endpoint, "endpoint is null");
        try (Connection connection = database.open()) {
            catalog.create(connection);
            List<AppliedChange> changes = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT change_id, load_id, changed_at, table_name, column_name, kind, ddl, "
                    + "detail FROM " + catalog.table(Catalog.CHANGES) + " WHERE endpoint = ? ORDER BY change_id")) {
                query.setString(1, endpoint);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        changes.add(new AppliedChange(rows.getLong(1), rows.getString(2), rows.getTimestamp(3).toInstant(), new SchemaChange(
                                rows.getString(4), rows.getString(5), SchemaChange.Kind.valueOf(rows.getString(6)), rows.getString(7), rows.getString(8))));
                    }
                }
            }
            connection.commit();
            return changes;
        } catch (SQLException e) {
            throw Database.error("Cannot read the schema history of endpoint " + endpoint, e);
        }
    }

    /** The stored result of a load; empty when there is none, or when it was stored by a version that wrote another shape. */
    private static Optional<LoadResult> metrics(String json) {
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readerFor(LoadResult.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(json));
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("Unreadable metrics of a load: {}", e.getMessage());
            return Optional.empty();
        }
    }

    Catalog catalog() {
        return catalog;
    }

    static Collection<String> names(Map<String, TableSchema> tables) {
        return tables.keySet();
    }
}
