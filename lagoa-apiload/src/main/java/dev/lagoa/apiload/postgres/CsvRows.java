package dev.lagoa.apiload.postgres;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.lagoa.apiload.schema.Column;
import dev.lagoa.apiload.schema.ColumnType;
import dev.lagoa.apiload.schema.FlatRow;
import dev.lagoa.apiload.schema.SchemaResolver;
import dev.lagoa.apiload.schema.TableSchema;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one batch of one table as PostgreSQL's CSV (every value but an integer quoted, NULL as nothing, UTF-8), encoded in
 * order, each the first time it is asked for, into blocks of {@link #BLOCK} bytes: a row is encoded while PostgreSQL
 * reads the ones sent before it, and is there again when a half of the batch is sent again (bisection). Memory holds
 * the batch's text once. A row is never split between blocks (a row longer than a block has one of its own), and
 * blocks are small enough not to be one of the collector's "humongous" objects, which a buffer of the whole batch
 * (megabytes) was at every batch in a small heap.
 *
 * <p>Blocks come from a {@link Blocks} pool and go back to it once the batch is written ({@link #release}), so that a load
 * does not allocate (and clear) its whole text again, block by block, for every batch.
 *
 * <p>Not thread-safe. Text values must be Unicode (a lone surrogate is rejected before a row gets here).
 */
final class CsvRows {
    /** Spare blocks of {@link #BLOCK} bytes kept between batches, a few megabytes at most. Thread-safe. */
    static final class Blocks {
        /** 16 blocks: 4 MiB, a batch of 10,000 rows of 400 bytes. */
        private static final int MAX_SPARE = 16;
        private final ArrayDeque<byte[]> spare = new ArrayDeque<>();

        synchronized byte[] take() {
            byte[] block = spare.poll();
            return block == null ? new byte[BLOCK] : block;
        }

        synchronized void giveBack(List<byte[]> blocks) {
            for (byte[] block : blocks) {
                if (block.length == BLOCK && spare.size() < MAX_SPARE) {
                    spare.push(block);
                }
            }
        }
    }

    private final List<SchemaResolver.ResolvedRow> rows;
    private final Blocks pool;
    private final String loadId;
    private final String[] systemColumns;
    private final String[] columns;
    private final ColumnType[] types;
    /** The bytes of a block: under half of G1's smallest region (1 MiB), so never a humongous object. */
    static final int BLOCK = 256 * 1024;

    private final List<byte[]> blocks = new ArrayList<>();
    /** Row {@code i}'s line is in block {@code blockOf[i]}, from {@code starts[i]} to {@code ends[i]}. */
    private final int[] blockOf;
    private final int[] starts;
    private final int[] ends;
    /** The block being filled, its bytes used, and where the row being encoded starts in it. */
    private byte[] data;
    private int length;
    private int rowStart;
    private int encoded;
    private final byte[] digitsFromLast = new byte[19];

    CsvRows(TableSchema table, List<SchemaResolver.ResolvedRow> rows, String loadId, Blocks pool) {
        requireNonNull(table, "table is null");
        this.rows = requireNonNull(rows, "rows is null");
        this.pool = requireNonNull(pool, "pool is null");
        this.loadId = requireNonNull(loadId, "loadId is null");
        this.systemColumns = table.systemColumns().toArray(String[]::new);
        List<Column> dataColumns = table.columns();
        this.columns = dataColumns.stream().map(Column::name).toArray(String[]::new);
        this.types = dataColumns.stream().map(Column::type).toArray(ColumnType[]::new);
        this.blockOf = new int[rows.size()];
        this.starts = new int[rows.size()];
        this.ends = new int[rows.size()];
        this.data = pool.take();
        blocks.add(data);
    }

    /** Gives the blocks back to the pool: the rows must not be asked for again. */
    void release() {
        pool.giveBack(blocks);
        blocks.clear();
        data = null;
    }

    int size() {
        return rows.size();
    }

    SchemaResolver.ResolvedRow row(int index) {
        return rows.get(index);
    }

    /**
     * The block holding row {@code index}'s line from {@link #start} to {@link #end}. Rows of one block are next to
     * each other, in order: a row's line starts where the line before it ends when both are in the same block.
     */
    byte[] data(int index) {
        while (encoded <= index) {
            rowStart = length;
            encode(rows.get(encoded));
            blockOf[encoded] = blocks.size() - 1;
            starts[encoded] = rowStart;
            ends[encoded++] = length;
            if (data.length > BLOCK) {
                // A block made for one long row holds nothing else: the next row starts a block of the usual size.
                length = data.length;
            }
        }
        return blocks.get(blockOf[index]);
    }

    int start(int index) {
        return starts[index];
    }

    int end(int index) {
        return ends[index];
    }

    private void encode(SchemaResolver.ResolvedRow resolved) {
        FlatRow row = resolved.row();
        for (String system : systemColumns) {
            switch (system) {
                case TableSchema.ID -> quoted(row.id());
                case TableSchema.LOAD_ID -> quoted(loadId);
                case TableSchema.ROOT_ID -> quoted(row.rootId());
                case TableSchema.PARENT_ID -> quoted(row.parentId().orElseThrow());
                case TableSchema.LIST_INDEX -> quoted(String.valueOf(row.listIndex().orElseThrow()));
                default -> throw new IllegalStateException("Unknown system column " + system);
            }
            put((byte) ',');
        }
        for (int i = 0; i < columns.length; i++) {
            JsonNode value = resolved.value(i);
            if ((value instanceof IntNode || value instanceof LongNode) && types[i] != ColumnType.JSONB) {
                digits(value.longValue());
            } else if (value instanceof DecimalNode decimal && types[i] != ColumnType.JSONB) {
                decimal(decimal.decimalValue());
            } else if (value != null) {
                quoted(text(value, types[i]));
            }
            put(i == columns.length - 1 ? (byte) '\n' : (byte) ',');
        }
        if (columns.length == 0) {
            data[length - 1] = '\n';
        }
    }

    /** A value's text as its column stores it. */
    static String text(JsonNode value, ColumnType type) {
        if (type == ColumnType.JSONB) {
            return value.toString();
        }
        // By class first: a virtual call on a JsonNode of any of a dozen classes costs more than these tests.
        if (value instanceof TextNode text) {
            return text.textValue();
        }
        if (value instanceof DecimalNode decimal) {
            return decimal.decimalValue().toString();
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBigDecimal()) {
            return value.decimalValue().toString();
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** The value between double quotes, each of its double quotes doubled, in UTF-8. */
    private void quoted(String value) {
        int count = value.length();
        // At most 3 bytes a char: a doubled quote takes 2, a surrogate pair 4 for its 2 chars.
        ensure(count * 3 + 2);
        byte[] out = data;
        int at = length;
        out[at++] = '"';
        for (int i = 0; i < count; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (c == '"') {
                    out[at++] = '"';
                }
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | c >> 6);
                out[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < count && Character.isLowSurrogate(value.charAt(i + 1))) {
                int code = Character.toCodePoint(c, value.charAt(++i));
                out[at++] = (byte) (0xF0 | code >> 18);
                out[at++] = (byte) (0x80 | code >> 12 & 0x3F);
                out[at++] = (byte) (0x80 | code >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | code & 0x3F);
            } else if (Character.isSurrogate(c)) {
                out[at++] = '?';
            } else {
                out[at++] = (byte) (0xE0 | c >> 12);
                out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
        out[at++] = '"';
        length = at;
    }

    /** An integer in decimal (a number needs no quotes), written without a string in between. */
    private void digits(long value) {
        ensure(20);
        byte[] out = data;
        int at = length;
        if (value < 0) {
            out[at++] = '-';
        } else {
            value = -value;
        }
        // Negative, so that Long.MIN_VALUE has its digits too; counted by comparisons, one division a digit.
        int count = 1;
        for (long bound = -10; count < 19 && value <= bound; bound *= 10) {
            count++;
        }
        for (int i = at + count - 1; i >= at; i--) {
            long quotient = value / 10;
            out[i] = (byte) ('0' + quotient * 10 - value);
            value = quotient;
        }
        length = at + count;
    }

    /**
     * A decimal as {@link BigDecimal#toString} writes it, quoted; without a string in between when it needs no exponent
     * and its digits fit a long.
     */
    private void decimal(BigDecimal value) {
        int scale = value.scale();
        int precision = value.precision();
        if (scale < 0 || precision > 18 || scale - precision > 5) {
            // toString's exponent form (a negative scale, or under 10^-6), or more digits than a long holds.
            quoted(value.toString());
            return;
        }
        // The unscaled value without a BigInteger: at scale 0 a compact decimal gives its long as it is.
        long unscaled = value.scaleByPowerOfTen(scale).longValueExact();
        ensure(precision + scale + 5);
        byte[] out = data;
        int at = length;
        out[at++] = '"';
        if (unscaled < 0) {
            out[at++] = '-';
            unscaled = -unscaled;
        }
        // The digits from the last: digit i is worth 10^(i - scale); the point goes between digits scale and scale - 1.
        int count = 0;
        do {
            digitsFromLast[count++] = (byte) ('0' + unscaled % 10);
            unscaled /= 10;
        } while (unscaled != 0);
        if (count <= scale) {
            out[at++] = '0';
            out[at++] = '.';
            for (int zero = count; zero < scale; zero++) {
                out[at++] = '0';
            }
        }
        for (int i = count - 1; i >= 0; i--) {
            out[at++] = digitsFromLast[i];
            if (i == scale && scale > 0) {
                out[at++] = '.';
            }
        }
        out[at++] = '"';
        length = at;
    }

    private void put(byte b) {
        ensure(1);
        data[length++] = b;
    }

    /** Room for {@code more} bytes after {@link #length}: else the row begun so far moves to a new block. */
    private void ensure(int more) {
        if (length + more > data.length) {
            int begun = length - rowStart;
            int size = Math.max(BLOCK, 2 * (begun + more));
            byte[] block = size == BLOCK ? pool.take() : new byte[size];
            System.arraycopy(data, rowStart, block, 0, begun);
            if (rowStart == 0) {
                // The block held only this row: it is replaced, not kept.
                pool.giveBack(List.of(blocks.get(blocks.size() - 1)));
                blocks.set(blocks.size() - 1, block);
            } else {
                blocks.add(block);
            }
            data = block;
            length = begun;
            rowStart = 0;
        }
    }
}
