package dev.lagoa.cli.command;

import dev.lagoa.cli.QueryWiring;
import dev.lagoa.core.query.QueryEngine;
import dev.lagoa.core.query.QueryResult;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lagoa sql "SELECT ..."}: a read-only query over the catalogued tables, as Athena would answer it (locally DuckDB
 * over the lake's Parquet files, partitions pruned).
 */
@Command(mixinStandardHelpOptions = true, name = "sql",
        description = "Runs a read-only SQL query over the catalogued tables (lagoa catalog list) and prints the rows.")
public final class SqlCommand implements Runnable {
    enum Format { table, csv, json }

    private final Supplier<QueryWiring> query;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "QUERY", description = "One SELECT statement; tables by their catalog name (ibov_ativos, petr4_cotacoes, ...).")
    String sql;

    @Option(names = "--format", paramLabel = "table|csv|json", description = "Output format (default: ${DEFAULT-VALUE}).", defaultValue = "table")
    Format format;

    @Option(names = "--max-rows", paramLabel = "N", description = "Most rows printed (default: ${DEFAULT-VALUE}).", defaultValue = "1000")
    int maxRows;

    SqlCommand(Supplier<QueryWiring> query) {
        this.query = query;
    }

    @Override
    public void run() {
        QueryResult result;
        try (QueryEngine engine = query.get().queryEngine()) {
            result = engine.query(sql, maxRows);
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case table -> printTable(result, out);
            case csv -> printCsv(result, out);
            case json -> printJson(result, out);
        }
        if (result.truncated()) {
            spec.commandLine().getErr().printf("(only the first %d rows: use --max-rows for more)%n", maxRows);
        }
    }

    static void printTable(QueryResult result, PrintWriter out) {
        int columns = result.columns().size();
        int[] widths = new int[columns];
        boolean[] numeric = new boolean[columns];
        List<String[]> cells = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            widths[i] = result.columns().get(i).name().length();
        }
        for (List<Object> row : result.rows()) {
            String[] texts = new String[columns];
            for (int i = 0; i < columns; i++) {
                Object value = row.get(i);
                texts[i] = value == null ? "NULL" : text(value);
                widths[i] = Math.max(widths[i], texts[i].length());
                numeric[i] |= value instanceof Number;
            }
            cells.add(texts);
        }
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < columns; i++) {
            header.append(i == 0 ? "" : " | ").append(pad(result.columns().get(i).name(), widths[i], numeric[i]));
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.println(header);
        out.println(rule);
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == 0 ? "" : " | ").append(pad(row[i], widths[i], numeric[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.printf("(%d row%s)%n", result.rows().size(), result.rows().size() == 1 ? "" : "s");
    }

    private static String pad(String text, int width, boolean right) {
        String padding = " ".repeat(width - text.length());
        return right ? padding + text : text + padding;
    }

    private static String text(Object value) {
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }

    private static void printCsv(QueryResult result, PrintWriter out) {
        out.println(String.join(",", result.columns().stream().map(column -> csv(column.name())).toList()));
        for (List<Object> row : result.rows()) {
            out.println(String.join(",", row.stream().map(value -> value == null ? "" : csv(text(value))).toList()));
        }
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break; inner quotes doubled. */
    private static String csv(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    private static void printJson(QueryResult result, PrintWriter out) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            Map<String, Object> document = new LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) {
                Object value = row.get(i);
                document.put(result.columns().get(i).name(), value instanceof BigDecimal || value instanceof Number || value instanceof Boolean
                        || value == null ? value : value.toString());
            }
            rows.add(document);
        }
        out.println(Json.write(rows));
    }
}
