package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.Durations;
import dev.lagoa.core.query.QueryEngine;
import dev.lagoa.core.query.QueryResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;

/**
 * {@code lagoa sql} on the aws profile: Athena over the Glue Data Catalog database of the pipelines' tables, in the
 * configured workgroup. A query is started, its state read every {@code aws.athena.poll-interval} until it ends or
 * {@code sql.timeout} passes (then it is stopped), and its rows read page by page up to {@code maxRows}, typed from the
 * result's column types.
 *
 * <p>Read-only: only one {@code SELECT} (or {@code WITH ... SELECT}) statement is sent; anything else is refused before
 * any call, with the same words as the local engine. Errors: Athena's own reason for a query it rejected
 * ({@code SYNTAX_ERROR}, {@code TABLE_NOT_FOUND}, ...) is {@code INVALID_QUERY}; a query that failed on Athena's side or
 * was cancelled there is {@code AWS_ERROR}; denied access names the IAM action and is {@code INVALID_CONFIGURATION}.
 */
public final class AthenaQueryEngine implements QueryEngine {
    /** Most rows one GetQueryResults call returns. */
    static final int PAGE_SIZE = 1000;
    private static final String SERVICE = "Athena";
    /** Athena's reasons that the query itself is wrong (Trino's error names, and Athena's own for a missing table). */
    private static final Pattern USER_ERROR = Pattern.compile(
            "SYNTAX_ERROR|TABLE_NOT_FOUND|COLUMN_NOT_FOUND|SCHEMA_NOT_FOUND|CATALOG_NOT_FOUND|FUNCTION_NOT_FOUND|TYPE_MISMATCH|"
                    + "INVALID_FUNCTION_ARGUMENT|DIVISION_BY_ZERO|NOT_SUPPORTED|INVALID_CAST_ARGUMENT|AMBIGUOUS_NAME|MISSING_|"
                    + "mismatched input|cannot be resolved|does not exist");
    /** Athena's timestamp text: {@code 2022-12-08 10:15:00.000}. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    private final AthenaClient client;
    private final boolean ownsClient;
    private final AthenaConfig athena;
    private final String database;
    private final Duration timeout;

    /**
     * An engine over {@code client}, which the caller keeps and closes; queries name the tables of {@code database} and
     * run at most {@code timeout}.
     */
    public AthenaQueryEngine(AthenaClient client, AthenaConfig athena, String database, Duration timeout) {
        this(client, false, athena, database, timeout);
    }

    private AthenaQueryEngine(AthenaClient client, boolean ownsClient, AthenaConfig athena, String database, Duration timeout) {
        this.client = requireNonNull(client, "client is null");
        this.ownsClient = ownsClient;
        this.athena = requireNonNull(athena, "athena is null");
        this.database = requireNonNull(database, "database is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** An engine with its own Athena client from {@code aws} (region, endpoint override, credentials), closed with it. */
    public static AthenaQueryEngine create(AwsConfig aws, AthenaConfig athena, String database, Duration timeout) {
        requireNonNull(aws, "aws is null");
        AthenaClient client = aws.applyTo(AthenaClient.builder()).httpClientBuilder(ApacheHttpClient.builder()).build();
        return new AthenaQueryEngine(client, true, athena, database, timeout);
    }

    @Override
    public QueryResult query(String sql, int maxRows) {
        requireNonNull(sql, "sql is null");
        if (maxRows < 1) {
            throw LagoaException.userError("maxRows must be positive: %d", maxRows);
        }
        Optional<String> problem = ReadOnlyStatement.problem(sql);
        if (problem.isPresent()) {
            throw new LagoaException(ErrorCode.INVALID_QUERY, "lagoa sql runs one read-only SELECT statement: " + problem.get());
        }
        String id = start(sql);
        await(id);
        return results(id, maxRows);
    }

    private String start(String sql) {
        StartQueryExecutionRequest.Builder request = StartQueryExecutionRequest.builder()
                .queryString(sql)
                .queryExecutionContext(context -> context.catalog("AwsDataCatalog").database(database))
                .workGroup(athena.workgroup());
        athena.outputLocation().ifPresent(location -> request.resultConfiguration(result -> result.outputLocation(location)));
        try {
            return client.startQueryExecution(request.build()).queryExecutionId();
        } catch (SdkException e) {
            throw translate("start a query in workgroup " + athena.workgroup(), "athena:StartQueryExecution", e);
        }
    }

    /** Reads the query's state until it ends; stops it and throws when {@code sql.timeout} passes first. */
    private void await(String id) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            QueryExecution execution;
            try {
                execution = client.getQueryExecution(request -> request.queryExecutionId(id)).queryExecution();
            } catch (SdkException e) {
                throw translate("read the state of query " + id, "athena:GetQueryExecution", e);
            }
            QueryExecutionStatus status = execution.status();
            QueryExecutionState state = status == null || status.state() == null ? QueryExecutionState.UNKNOWN_TO_SDK_VERSION : status.state();
            switch (state) {
                case SUCCEEDED -> {
                    return;
                }
                case FAILED -> throw failed(id, status);
                case CANCELLED -> throw new LagoaException(ErrorCode.AWS_ERROR, "Query %s was cancelled in Athena (workgroup %s)%s"
                        .formatted(id, athena.workgroup(), reason(status).map(reason -> ": " + reason).orElse("")));
                case QUEUED, RUNNING, UNKNOWN_TO_SDK_VERSION -> {
                    if (System.nanoTime() - deadline > 0) {
                        stop(id);
                        throw new LagoaException(ErrorCode.INVALID_QUERY, "Query cancelled: it ran longer than %s (%s; Athena query %s stopped)"
                                .formatted(Durations.format(timeout), "sql.timeout", id));
                    }
                    pause(id);
                }
            }
        }
    }

    private void pause(String id) {
        try {
            Thread.sleep(athena.pollInterval().toMillis(), athena.pollInterval().toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(id);
            throw new LagoaException(ErrorCode.INVALID_QUERY, "Query %s stopped: interrupted while waiting for it".formatted(id), e);
        }
    }

    /** Best effort: the query is past its time, and the error says so whether or not Athena could stop it. */
    private void stop(String id) {
        try {
            client.stopQueryExecution(request -> request.queryExecutionId(id));
        } catch (SdkException e) {
            org.slf4j.LoggerFactory.getLogger(AthenaQueryEngine.class).warn("Cannot stop Athena query {}: {}", id, AwsErrors.describe(SERVICE, e));
        }
    }

    private LagoaException failed(String id, QueryExecutionStatus status) {
        String reason = reason(status).orElse("no reason given");
        boolean userError = USER_ERROR.matcher(reason).find()
                || status.athenaError() != null && status.athenaError().errorCategory() != null && status.athenaError().errorCategory() == 2;
        if (userError) {
            return new LagoaException(ErrorCode.INVALID_QUERY, "Query failed: %s (Athena query %s)".formatted(reason, id));
        }
        return new LagoaException(ErrorCode.AWS_ERROR, "Athena query %s failed (workgroup %s): %s".formatted(id, athena.workgroup(), reason));
    }

    private static Optional<String> reason(QueryExecutionStatus status) {
        return Optional.ofNullable(status.stateChangeReason()).filter(reason -> !reason.isBlank());
    }

    /**
     * Reads {@code maxRows} rows, and one more to know whether there are more, page by page. The first row of the first
     * page holds the column names (Athena's answer to a SELECT), not data.
     */
    private QueryResult results(String id, int maxRows) {
        List<QueryResult.Column> columns = null;
        List<List<Object>> rows = new ArrayList<>();
        String nextToken = null;
        boolean first = true;
        do {
            String token = nextToken;
            int wanted = Math.min(PAGE_SIZE, maxRows + 1 - rows.size() + (first ? 1 : 0));
            GetQueryResultsResponse page;
            try {
                page = client.getQueryResults(request -> request.queryExecutionId(id).nextToken(token).maxResults(wanted));
            } catch (SdkException e) {
                throw translate("read the results of query " + id, "athena:GetQueryResults", e);
            }
            if (columns == null) {
                columns = page.resultSet().resultSetMetadata().columnInfo().stream()
                        .map(column -> new QueryResult.Column(column.name(), column.type()))
                        .toList();
            }
            List<ColumnInfo> types = page.resultSet().resultSetMetadata().columnInfo();
            List<Row> pageRows = page.resultSet().rows();
            for (int i = first ? 1 : 0; i < pageRows.size(); i++) {
                rows.add(values(pageRows.get(i), types));
            }
            first = false;
            nextToken = page.nextToken();
        } while (nextToken != null && rows.size() <= maxRows);
        boolean truncated = rows.size() > maxRows;
        return new QueryResult(columns, truncated ? rows.subList(0, maxRows) : rows, truncated);
    }

    private static List<Object> values(Row row, List<ColumnInfo> columns) {
        List<Object> values = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Datum datum = i < row.data().size() ? row.data().get(i) : null;
            values.add(datum == null ? null : value(datum.varCharValue(), columns.get(i).type()));
        }
        return values;
    }

    /** Athena sends every value as text; the column's type says what it is. Text that does not parse stays text. */
    static Object value(String text, String type) {
        if (text == null) {
            return null;
        }
        try {
            return switch (type.toLowerCase(Locale.ROOT)) {
                case "boolean" -> Boolean.valueOf(text);
                case "tinyint", "smallint", "integer", "int" -> Integer.valueOf(text);
                case "bigint" -> Long.valueOf(text);
                case "double", "float", "real" -> Double.valueOf(text);
                case "decimal" -> new BigDecimal(text);
                case "date" -> LocalDate.parse(text);
                case "timestamp" -> LocalDateTime.parse(text, TIMESTAMP);
                default -> text;
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            return text;
        }
    }

    private LagoaException translate(String operation, String iamAction, SdkException e) {
        String message = "Cannot %s: %s".formatted(operation, AwsErrors.describe(SERVICE, e));
        String code = AwsErrors.errorCode(e);
        if (AwsErrors.isAccessError(e)) {
            return new LagoaException(ErrorCode.INVALID_CONFIGURATION, message + "; the call needs the IAM action " + iamAction
                    + " (lagoa aws doctor shows which actions these credentials lack)", e);
        }
        if (code.equals("InvalidRequestException")) {
            if (e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("workgroup")) {
                return new LagoaException(ErrorCode.INVALID_CONFIGURATION, message + "; check " + AthenaConfig.WORKGROUP.name(), e);
            }
            return new LagoaException(ErrorCode.INVALID_QUERY, message, e);
        }
        return new LagoaException(ErrorCode.AWS_ERROR, message, e);
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "AthenaQueryEngine[workgroup=" + athena.workgroup() + ", database=" + database + "]";
    }
}
