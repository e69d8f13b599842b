package dev.lagoa.duckdb;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** DuckDB's errors told in lagoa sql's terms: the rule a statement broke, the catalogued table a mistyped name meant. */
final class QueryMessages {
    private static final Pattern MISSING_TABLE = Pattern.compile("Table with name ([^\\s!]+) does not exist");

    private QueryMessages() {}

    /** Why a statement that is not a SELECT is refused: its kind (DuckDB only says it cannot serialize it). */
    static String notASelect(String sql, String duckDbError) {
        if (!duckDbError.startsWith("Only SELECT statements")) {
            return duckDbError;
        }
        String text = sql.stripLeading();
        while (text.startsWith("(")) {
            text = text.substring(1).stripLeading();
        }
        int end = 0;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        String keyword = text.substring(0, end).toUpperCase(Locale.ROOT);
        return keyword.isEmpty() ? "it does not start with SELECT" : "it is a " + keyword + " statement, not a SELECT";
    }

    /**
     * DuckDB's "Table with name x does not exist" as "no table x in the catalog", with the catalogued table closest to
     * {@code x} (by edit distance) when one is close enough to be a typing mistake; empty for other errors.
     */
    static Optional<String> missingTable(String duckDbError, Collection<String> tables) {
        Matcher matcher = MISSING_TABLE.matcher(duckDbError);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String name = matcher.group(1);
        Optional<String> closest = closest(name, tables);
        return Optional.of("no table %s in the catalog%s (lagoa catalog list shows them)".formatted(name,
                closest.map(table -> "; did you mean " + table + "?").orElse("")));
    }

    /** The name in {@code names} nearest to {@code name}, when at most a third of its letters (at least 2) differ. */
    static Optional<String> closest(String name, Collection<String> names) {
        String wanted = name.toLowerCase(Locale.ROOT);
        int allowed = Math.max(2, wanted.length() / 3);
        return names.stream()
                .filter(candidate -> distance(wanted, candidate.toLowerCase(Locale.ROOT)) <= allowed)
                .min(Comparator.comparingInt((String candidate) -> distance(wanted, candidate.toLowerCase(Locale.ROOT))).thenComparing(Comparator.naturalOrder()));
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
