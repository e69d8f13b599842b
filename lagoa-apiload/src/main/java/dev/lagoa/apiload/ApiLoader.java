package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.apiload.postgres.Catalog;
import dev.lagoa.apiload.postgres.Database;
import dev.lagoa.apiload.postgres.TableWriter;
import dev.lagoa.apiload.schema.FlatRow;
import dev.lagoa.apiload.schema.Flattener;
import dev.lagoa.apiload.schema.Identifiers;
import dev.lagoa.apiload.schema.TableSchema;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ObjectSummary;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API load: fetches an endpoint's pages, archives each response raw in the lake
 * ({@code raw/api/<endpoint>/date=YYYY-MM-DD/<time>-<page>.json}) before parsing it, then loads the archived pages
 * into PostgreSQL in batches: records flattened into the endpoint's table and child tables, the tables created and
 * evolved by inference under each table's contract, each batch of each table written in one transaction by COPY
 * (straight into the table, or through a staging table where a merge upserts). Rejected records, values and pages go to {@code errors/<endpoint>/date=YYYY-MM-DD/} with the run's
 * structured log; every load is a row of {@code _lagoa_loads}. Every record read is loaded, rejected or deduplicated;
 * a page that cannot be read to its end is a rejected page, counted apart from the records (a replace with one fails,
 * keeping the earlier rows).
 *
 * <p>Running again the data of the latest completed load under the same configuration is a no-op (recognised by a
 * fingerprint of the responses and of the endpoint's settings); a load that fails removes the rows its earlier batches
 * committed, and a load that died half-way is found at the next run, its partial rows removed (append, replace; a
 * merge's upserts are simply done again), so that each record ends up exactly once. One load per endpoint runs at a
 * time (its row of {@code _lagoa_locks}, locked for as long as the load runs).
 *
 * <p>This class runs one load from start to end: it reads the pages into records (streamed by {@link PageRecords}, on a
 * thread of their own a batch ahead ({@link ReadAhead}): memory holds two batches, whatever the size of a page) and
 * flattens them, and leaves the rest to the
 * {@link LoadJournal} (lock, clean-up, start and end of each load, history), the {@link LakeArchive} (raw pages,
 * rejects, run log) and the {@link BatchWriter} (the endpoint's tables). Arguments must not be null. A failure
 * of the source, or of a batch (its data, the lake, PostgreSQL), ends the load as a {@link LoadResult#FAILED} result
 * rather than an exception. Otherwise {@link LagoaException} is thrown:
 * {@code INVALID_ARGUMENT} when another load of the endpoint is running, {@code DATABASE_ERROR} when PostgreSQL fails
 * outside the batches, and the object store's own errors when the archived pages cannot be read back.
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

    /** Receives the pages of a source, in order; each is archived in the lake before anything parses it. */
    public interface PageSink {
        /** A page held in memory (a small one: tests, tools). */
        void accept(byte[] body);

        /**
         * A page whose body is in a local file: it is streamed to the lake, never held in memory whole. The file stays
         * the caller's (to delete).
         */
        void accept(Path body);
    }

    /** Called after each batch is committed; tests stop a load half-way by throwing from it. */
    @FunctionalInterface
    public interface BatchListener {
        void afterBatch(String endpoint, String loadId, int batch);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ApiLoader.class);
    private static final DateTimeFormatter LOAD_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    /**
     * Records read ahead of the load's thread, at most: enough to keep it fed, few enough that they do not outlive
     * several young collections, which copy them each time, waiting for their turn.
     */
    private static final int READ_AHEAD = 2_048;
    /** The load's own JSON (rejects, run logs, stored results): numbers kept exact. */
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
    private final LoadJournal journal;
    private final SecureRandom random = new SecureRandom();
    private BatchListener batchListener = (endpoint, loadId, batch) -> { };
    private LoadListener loadListener = LoadListener.NONE;
    private Optional<ApiLoadMetrics> metrics = Optional.empty();

    /** @param clock its zone gives the dates of the lake's partitions (America/Sao_Paulo unless configured) */
    public ApiLoader(ApiLoadConfig config, Database database, ObjectStore store, Clock clock) {
        this.config = requireNonNull(config, "config is null");
        this.database = requireNonNull(database, "database is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.catalog = new Catalog(config.schema());
        this.writer = new TableWriter(catalog);
        this.journal = new LoadJournal(database, catalog, writer);
    }

    public ApiLoader withBatchListener(BatchListener listener) {
        this.batchListener = requireNonNull(listener, "listener is null");
        return this;
    }

    /** Tells {@code listener} how far each load has come (pages fetched, records read). */
    public ApiLoader withLoadListener(LoadListener listener) {
        this.loadListener = requireNonNull(listener, "listener is null");
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
        Run run = new Run(endpoint, config.bucket());
        return locked(endpoint, connection -> {
            Optional<String> cursor = journal.cursor(connection, endpoint);
            long start = System.nanoTime();
            List<ObjectKey> pages = new ArrayList<>();
            LoadFingerprint fingerprint = new LoadFingerprint(run.configuration());
            try {
                source.fetch(endpoint, cursor, new PageSink() {
                    @Override
                    public void accept(byte[] body) {
                        pages.add(run.archive.archivePage(body, pages.size() + 1));
                        fingerprint.page(body);
                        loadListener.pagesFetched(endpoint.name(), pages.size());
                    }

                    @Override
                    public void accept(Path body) {
                        // The fingerprint's digests and the archive's copy (with its own digest) read the file at once, on two threads.
                        FutureTask<Void> hashing = new FutureTask<>(() -> {
                            try (InputStream in = java.nio.file.Files.newInputStream(body)) {
                                fingerprint.page(in);
                            } catch (IOException e) {
                                throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot read %s: %s".formatted(body, e.getMessage()), e);
                            }
                            return null;
                        });
                        Thread hasher = new Thread(hashing, "lagoa-apiload-fingerprint-" + endpoint.name());
                        hasher.setDaemon(true);
                        hasher.start();
                        try {
                            pages.add(run.archive.archivePage(body, pages.size() + 1));
                        } catch (RuntimeException | Error e) {
                            outcome(hashing); // the caller deletes the file once this returns: not while the fingerprint reads it
                            throw e;
                        }
                        RuntimeException failure = outcome(hashing);
                        if (failure != null) {
                            throw failure;
                        }
                        loadListener.pagesFetched(endpoint.name(), pages.size());
                    }
                });
            } catch (LagoaException e) {
                run.progress.event("source_failed", e.getMessage());
                run.progress.extractedSince(start);
                int fetched = pages.size();
                run.pagesFetched = fetched;
                return run.fail(connection, fetched == 0 ? e : new LagoaException(e.errorCode(), "%s; the %d page%s fetched before it %s archived in the lake, not loaded"
                        .formatted(e.getMessage(), fetched, fetched == 1 ? "" : "s", fetched == 1 ? "is" : "are"), e), false);
            }
            run.progress.extractedSince(start);
            return run.load(connection, pages, fingerprint);
        });
    }

    /** Waits for {@code task} to end, interrupted or not: its failure, or null. */
    private static RuntimeException outcome(FutureTask<?> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Loads pages already in the lake (an endpoint with a {@code lake} prefix, or archived responses loaded again). */
    public LoadResult loadFromLake(EndpointDefinition endpoint, BucketName bucket, String prefix) {
        List<ObjectKey> keys = new ArrayList<>();
        for (ObjectSummary summary : store.listAll(bucket, prefix)) {
            keys.add(summary.key());
        }
        Run run = new Run(endpoint, bucket);
        return locked(endpoint, connection -> run.load(connection, keys, run.fingerprint(keys)));
    }

    /** A load's work, on its own connection (the lock is held on another). */
    @FunctionalInterface
    private interface LockedLoad {
        LoadResult load(Connection connection) throws SQLException;
    }

    /** Runs {@code load} holding the endpoint's lock, on a connection where the loader's own tables exist. */
    private LoadResult locked(EndpointDefinition endpoint, LockedLoad load) {
        try (Connection lock = database.open()) {
            journal.lock(lock, endpoint.name());
            try (Connection connection = database.open()) {
                catalog.create(connection);
                return load.load(connection);
            } finally {
                journal.unlock(lock, endpoint.name());
            }
        } catch (SQLException e) {
            throw Database.error("Cannot load endpoint " + endpoint.name(), e);
        }
    }

    /** One run of one endpoint: it reads the pages into records and flattens them, and hands the rest to its helpers. */
    private final class Run {
        private final EndpointDefinition endpoint;
        private final String loadId;
        private final Instant started;
        private final BucketName sourceBucket;
        private final LoadProgress progress;
        private final LakeArchive archive;
        private final Flattener flattener;
        private String cursorValue;
        /** The pages the source gave (all of them, or those before it failed): a failed load reports them too. */
        private int pagesFetched;
        private int batches;
        private int unwrittenReadRejects;
        private String errorType = "";
        /** The endpoint's tables, as the load found and changed them; empty until the load starts writing. */
        private Map<String, TableSchema> tables = new HashMap<>();
        /** The primary key's fields, and the incremental cursor's, as JSON pointers compiled once. */
        private final List<JsonPointer> primaryKey;
        private final JsonPointer incrementalField;
        /** For an append or a replace with a primary key: the keys of the load so far (64 bits of their hash), so that a key seen again gets a row of its own. */
        private final LongSet keysSeen = new LongSet();

        /** @param sourceBucket where the pages to load are: the archive's bucket, or the bucket of pages already in the lake */
        Run(EndpointDefinition endpoint, BucketName sourceBucket) {
            this.endpoint = endpoint;
            ZonedDateTime now = ZonedDateTime.now(clock);
            this.started = now.toInstant();
            LocalDate date = now.toLocalDate();
            byte[] suffix = new byte[3];
            random.nextBytes(suffix);
            this.loadId = LOAD_ID_TIME.format(now.withZoneSameInstant(ZoneOffset.UTC)) + "-" + HexFormat.of().formatHex(suffix);
            this.sourceBucket = sourceBucket;
            this.primaryKey = SourceRecord.keyPointers(endpoint);
            this.incrementalField = JsonPointer.compile(Flattener.pointer(endpoint.incremental().map(EndpointDefinition.Incremental::field).orElse("")));
            Map<String, String> aliases = new HashMap<>();
            endpoint.aliases().forEach((from, to) -> aliases.put(Flattener.pointer(from), Flattener.pointer(to)));
            Set<String> jsonbPaths = new HashSet<>();
            endpoint.jsonbPaths().forEach(path -> jsonbPaths.add(Flattener.pointer(path)));
            this.flattener = new Flattener(endpoint.maxNesting().orElse(config.maxNesting()), jsonbPaths, aliases);
            this.progress = new LoadProgress(endpoint.name(), clock);
            this.archive = new LakeArchive(store, config.bucket(), endpoint.name(), loadId, date, clock);
        }

        /** @param fingerprint of the pages, complete */
        LoadResult load(Connection connection, List<ObjectKey> pages, LoadFingerprint fingerprint) throws SQLException {
            pagesFetched = pages.size();
            Optional<String> owner = catalog.endpointOf(connection, endpoint.tableName()).filter(name -> !name.equals(endpoint.name()));
            if (owner.isPresent()) {
                return fail(connection, new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Cannot load endpoint %s: its table %s belongs to endpoint %s; rename one of them"
                        .formatted(endpoint.name(), endpoint.tableName(), owner.get())), false);
            }
            String fingerprintHex = fingerprint.withConfiguration();
            Optional<String> same = journal.sameAsTheLatestLoad(connection, endpoint, fingerprintHex, fingerprint.responsesOnly());
            if (same.isPresent()) {
                String message = "The source data and the endpoint's configuration are the same as those of load %s, the latest: nothing to do"
                        .formatted(same.get());
                progress.event("skipped", message);
                journal.start(connection, loadId, endpoint.name(), started, Optional.of(fingerprintHex));
                return finish(connection, LoadResult.SKIPPED, message, pages.size());
            }
            tables = catalog.tables(connection, endpoint.name());
            LoadJournal.AbandonedLoads abandoned = journal.abandonUnfinished(connection, endpoint, tables.keySet(), loadId);
            if (!abandoned.loadIds().isEmpty()) {
                progress.event("abandoned_loads",
                        "loads %s did not finish: %d partial rows removed".formatted(abandoned.loadIds(), abandoned.rowsRemoved()));
            }
            journal.start(connection, loadId, endpoint.name(), started, Optional.of(fingerprintHex));
            BatchWriter batchWriter = new BatchWriter(endpoint, loadId, catalog, writer, tables, progress, config.maxColumns());
            try {
                List<SourceRecord> batch = new ArrayList<>();
                try (ReadAhead records = ReadAhead.start(store, sourceBucket, pages, endpoint, loadId, Math.min(config.batchSize(), READ_AHEAD),
                        this::readReject)) {
                    while (true) {
                        long start = System.nanoTime();
                        SourceRecord record = records.next();
                        progress.normalizedSince(start);
                        if (record == null) {
                            break;
                        }
                        batch.add(record);
                        if (batch.size() >= config.batchSize()) {
                            writeBatch(connection, batchWriter, batch);
                            batch.clear();
                            loadListener.recordsRead(endpoint.name(), pages.size(), progress.recordsRead());
                        }
                    }
                }
                int unread = progress.pagesRejected();
                if (endpoint.write() == WriteDisposition.REPLACE && unread > 0) {
                    // The rows a replace deletes may be the records of the pages it could not read.
                    throw new LagoaException(ErrorCode.INVALID_ARGUMENT, ("Endpoint %s: %d page%s could not be read to %s end (see "
                            + "the %s rejects); a replace would delete the records %s, so the earlier rows are kept").formatted(
                            endpoint.name(), unread, unread == 1 ? "" : "s", unread == 1 ? "its" : "their",
                            String.join(" and ", progress.pageRejectReasons()), unread == 1 ? "it holds" : "they hold"));
                }
                if (!batch.isEmpty()) {
                    writeBatch(connection, batchWriter, batch);
                }
                loadListener.recordsRead(endpoint.name(), pages.size(), progress.recordsRead());
                if (endpoint.write() == WriteDisposition.REPLACE && batches > 0) {
                    batchWriter.replaceEarlierLoads(connection);
                }
                return finish(connection, LoadResult.COMPLETED, progress.summary(pages.size()), pages.size());
            } catch (LagoaException e) {
                return fail(connection, e, true);
            } catch (SQLException e) {
                return fail(connection, Database.error("Cannot load endpoint " + endpoint.name(), e), true);
            }
        }

        /**
         * What, besides the source data, decides the rows a load writes: a load of the same data under another
         * configuration is not "the same" (its fingerprint differs).
         */
        String configuration() {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("records", endpoint.recordsPath());
            settings.put("primary-key", endpoint.primaryKey());
            settings.put("write", endpoint.write().configName());
            settings.put("contract", endpoint.contract().configName());
            settings.put("max-nesting", endpoint.maxNesting().orElse(config.maxNesting()));
            settings.put("max-columns", config.maxColumns());
            settings.put("jsonb", new TreeSet<>(endpoint.jsonbPaths()));
            settings.put("aliases", new TreeMap<>(endpoint.aliases()));
            settings.put("renames", endpoint.applyRenames() ? "apply" : "report");
            settings.put("incremental", endpoint.incremental().map(EndpointDefinition.Incremental::field).orElse(""));
            try {
                return JSON.writeValueAsString(settings);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The fingerprint of pages already in the lake, each read once. */
        LoadFingerprint fingerprint(List<ObjectKey> pages) {
            LoadFingerprint fingerprint = new LoadFingerprint(configuration());
            for (ObjectKey page : pages) {
                try (InputStream in = store.get(sourceBucket, page)) {
                    fingerprint.page(in);
                } catch (IOException e) {
                    throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot read s3://%s/%s: %s".formatted(sourceBucket, page, e.getMessage()), e);
                }
            }
            return fingerprint;
        }

        /** A reject of the reading: a record left out counts as read and rejected, a page left unread as a rejected page. */
        private void readReject(Reject reject, boolean record) {
            if (record) {
                progress.recordRead();
                progress.reject(reject);
            } else {
                progress.pageRejected(reject);
            }
            // A page of bad lines fills no batch: its rejects are written as they come, not held to the end.
            if (++unwrittenReadRejects >= config.batchSize()) {
                archive.writeRejects(progress.takeRejects());
                unwrittenReadRejects = 0;
            }
        }

        /** Flattens a batch of records (the last of each primary key for a merge) and hands the rows to the writer. */
        private void writeBatch(Connection connection, BatchWriter batchWriter, List<SourceRecord> batch) throws SQLException {
            batches++;
            long start = System.nanoTime();
            String rootTable = endpoint.tableName();
            Map<String, SourceRecord> byId = new LinkedHashMap<>(batch.size() * 4 / 3 + 1);
            for (SourceRecord record : batch) {
                long read = progress.recordRead();
                if (!(record.node() instanceof ObjectNode)) {
                    progress.reject(new Reject(endpoint.name(), loadId, rootTable, "", Reject.Reason.NOT_AN_OBJECT,
                            "a record must be a JSON object, not " + record.node().getNodeType().name().toLowerCase(Locale.ROOT),
                            record.node(), record.source()));
                    continue;
                }
                Optional<String> id = id(record, read);
                if (id.isEmpty()) {
                    continue;
                }
                if (endpoint.write() == WriteDisposition.MERGE) {
                    if (byId.remove(id.get()) != null) {
                        progress.recordDeduplicated();
                    }
                } else if (!endpoint.primaryKey().isEmpty() && !keysSeen.add(Long.parseUnsignedLong(id.get(), 0, 16, 16))) {
                    // An append or a replace keeps every record: a key seen again in the load is a row of its own.
                    id = Optional.of(Identifiers.sha256Id(id.get() + "\u0001" + loadId + "\u0001" + read));
                }
                byId.put(id.get(), record);
                trackCursor(record.node());
            }
            List<FlatRow> rows = new ArrayList<>();
            int position = 0;
            for (Map.Entry<String, SourceRecord> entry : byId.entrySet()) {
                rows.addAll(flattener.flatten((ObjectNode) entry.getValue().node(), rootTable, position++, entry.getKey()));
            }
            progress.normalizedSince(start);
            batchWriter.write(connection, batches, rows, new ArrayList<>(byId.values()));
            archive.writeRejects(progress.takeRejects());
            batchListener.afterBatch(endpoint.name(), loadId, batches);
        }

        /**
         * The record's {@code _lagoa_id}: a hash of its primary key, or of the load and its position without one.
         *
         * @param read the records read by the load so far, this one included
         */
        private Optional<String> id(SourceRecord record, long read) {
            if (endpoint.primaryKey().isEmpty()) {
                return Optional.of(Identifiers.sha256Id(loadId + "\u0001" + read));
            }
            if (record.keyId() != null) {
                return Optional.of(record.keyId());
            }
            for (int i = 0; i < primaryKey.size(); i++) {
                String field = endpoint.primaryKey().get(i);
                JsonNode value = record.node().at(primaryKey.get(i));
                if (!SourceRecord.isUsableKey(value)) {
                    progress.reject(new Reject(endpoint.name(), loadId, endpoint.tableName(), Flattener.pointer(field),
                            Reject.Reason.MISSING_PRIMARY_KEY,
                            "primary key field '%s' is %s".formatted(field, value.isContainerNode() ? "not a scalar" : "missing or null"),
                            record.node(), record.source()));
                    return Optional.empty();
                }
            }
            throw new IllegalStateException("The record of " + record.source() + " has a usable primary key but no key id");
        }

        private void trackCursor(JsonNode record) {
            if (endpoint.incremental().isEmpty()) {
                return;
            }
            JsonNode value = record.at(incrementalField);
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
                    return new BigDecimal(a).compareTo(new BigDecimal(b));
                } catch (NumberFormatException e) {
                    return a.compareTo(b);
                }
            }
            return a.compareTo(b);
        }

        /** @param journalStarted whether the load is already in the journal (the source gave its pages) */
        LoadResult fail(Connection connection, LagoaException e, boolean journalStarted) throws SQLException {
            progress.event("failed", e.getMessage());
            errorType = e.errorCode().type().name();
            String message = e.getMessage();
            if (!journalStarted) {
                journal.start(connection, loadId, endpoint.name(), started, Optional.empty());
            } else if (batches > 0) {
                // A failed load leaves the tables as they were: the next load, whatever it reads, never meets its rows.
                int removed = journal.removeRowsOfFailedLoad(connection, endpoint, tables.keySet(), loadId);
                if (removed > 0) {
                    message += removed == 1 ? "; the row its earlier batches had written was removed"
                            : "; the %d rows its earlier batches had written were removed".formatted(removed);
                    progress.event("rows_removed", "%d rows of the failed load removed".formatted(removed));
                } else if (endpoint.write() == WriteDisposition.MERGE && batches > 1) {
                    message += "; the records of its earlier batches stay merged (the next load merges them again)";
                }
            }
            LoadResult result = finish(connection, LoadResult.FAILED, message, pagesFetched);
            LOG.warn("Load {} of {} failed: {}", loadId, endpoint.name(), e.getMessage());
            return result;
        }

        private LoadResult finish(Connection connection, String status, String message, int pages) throws SQLException {
            archive.writeRejects(progress.takeRejects());
            LoadResult result = progress.result(loadId, status, message, pages, archive.rejectFiles(), archive.logFile(), errorType);
            archive.writeLog(result, progress.events());
            journal.finish(connection, result, Optional.ofNullable(cursorValue), Instant.now(clock));
            metrics.ifPresent(meters -> meters.record(result));
            return result;
        }
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
        return journal.runs(endpoint, limit);
    }

    /** Every change applied to the endpoint's tables, from {@code _lagoa_schema_changes}, oldest first. */
    public List<AppliedChange> schemaHistory(String endpoint) {
        return journal.schemaHistory(endpoint);
    }
}
