package dev.lagoa.cli.command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows printed in columns as wide as their longest cell, so that a long table or job name shifts the columns after
 * it instead of breaking them; the last column is not padded. Columns are left-aligned unless declared numeric.
 */
final class TextTable {
    private final List<String> headers;
    private final boolean[] numeric;
    private final List<String[]> rows = new ArrayList<>();

    /** @param headers the column headers; a header starting with {@code >} marks a right-aligned column (the {@code >} is not printed) */
    TextTable(String... headers) {
        this.headers = new ArrayList<>();
        this.numeric = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            numeric[i] = headers[i].startsWith(">");
            this.headers.add(numeric[i] ? headers[i].substring(1) : headers[i]);
        }
    }

    TextTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("%d cells for %d columns".formatted(cells.length, headers.size()));
        }
        String[] texts = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            texts[i] = String.valueOf(cells[i]);
        }
        rows.add(texts);
        return this;
    }

    void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        line(out, headers.toArray(String[]::new), widths);
        rows.forEach(row -> line(out, row, widths));
    }

    private void line(PrintWriter out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean last = i == cells.length - 1;
            String padding = " ".repeat(widths[i] - cells[i].length());
            line.append(numeric[i] ? padding + cells[i] : last ? cells[i] : cells[i] + padding);
            if (!last) {
                line.append("  ");
            }
        }
        out.println(line.toString().stripTrailing());
    }
}
