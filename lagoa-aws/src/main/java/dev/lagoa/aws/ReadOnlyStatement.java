package dev.lagoa.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a text is one read-only query for Athena: a single statement, outside comments and quoted text, that starts
 * with {@code SELECT} or {@code WITH} (optionally inside parentheses). Athena's {@code INSERT}, {@code CREATE TABLE AS},
 * {@code UNLOAD}, {@code MSCK}, {@code ALTER}, {@code DROP}, {@code EXPLAIN ANALYZE} and several statements at once are
 * refused before anything is sent. A query that starts with {@code WITH} can only be a query in Athena's dialect.
 */
final class ReadOnlyStatement {
    private ReadOnlyStatement() {}

    /** Why {@code sql} is not one read-only query, or empty when it is. */
    static Optional<String> problem(String sql) {
        List<String> statements = statements(sql);
        if (statements.isEmpty()) {
            return Optional.of("the query is empty");
        }
        if (statements.size() > 1) {
            return Optional.of(statements.size() + " statements");
        }
        String text = statements.get(0).stripLeading();
        while (text.startsWith("(")) {
            text = text.substring(1).stripLeading();
        }
        int end = 0;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        String keyword = text.substring(0, end).toUpperCase(Locale.ROOT);
        if (keyword.equals("SELECT") || keyword.equals("WITH")) {
            return Optional.empty();
        }
        return Optional.of(keyword.isEmpty() ? "it does not start with SELECT" : "it is a " + keyword + " statement, not a SELECT");
    }

    /**
     * The statements of {@code sql} with comments removed and quoted text kept as it is, split at the semicolons that
     * lie outside quotes; blank statements (a trailing semicolon) are dropped.
     */
    private static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int newline = sql.indexOf('\n', i);
                i = newline < 0 ? sql.length() : newline;
                current.append(' ');
            } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? sql.length() : close + 2;
                current.append(' ');
            } else if (c == '\'' || c == '"' || c == '`') {
                int close = closingQuote(sql, i, c);
                current.append(sql, i, close);
                i = close;
            } else if (c == ';') {
                add(statements, current);
                current.setLength(0);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    /** The index after the quote that closes the one at {@code start}; a doubled quote is an escaped one. */
    private static int closingQuote(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static void add(List<String> statements, StringBuilder statement) {
        if (!statement.toString().isBlank()) {
            statements.add(statement.toString());
        }
    }
}
