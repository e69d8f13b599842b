package dev.lagoa.apiload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.apiload.schema.Contract;
import dev.lagoa.apiload.schema.Flattener;
import dev.lagoa.apiload.schema.SchemaResolver;
import dev.lagoa.apiload.schema.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The CSV that COPY reads: PostgreSQL's quoting, UTF-8, NULL as nothing, and each row where bisection finds it again. */
class CsvRowsTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private static CsvRows rows(String... records) throws Exception {
        return rows(new CsvRows.Blocks(), records);
    }

    private static CsvRows rows(CsvRows.Blocks pool, String... records) throws Exception {
        TableSchema table = new TableSchema("t", "t", Optional.empty(), false);
        Flattener flattener = new Flattener(3, Set.of("/doc"), Map.of());
        List<dev.lagoa.apiload.schema.FlatRow> flat = new ArrayList<>();
        for (int i = 0; i < records.length; i++) {
            flat.addAll(flattener.flatten((ObjectNode) JSON.readTree(records[i]), "t", i, "id-" + (i + 1)));
        }
        return new CsvRows(table, SchemaResolver.resolve(table, flat, Contract.EVOLVE, 100).rows(), "load-1", pool);
    }

    private static String line(CsvRows rows, int index) {
        byte[] data = rows.data(index);
        return new String(data, rows.start(index), rows.end(index) - rows.start(index), StandardCharsets.UTF_8);
    }

    @Test
    void everyValueButAnIntegerIsQuotedWithItsQuotesDoubledAndAnAbsentOneIsNull() throws Exception {
        CsvRows rows = rows("{\"name\":\"say \\\"oi\\\", then\\nleave\",\"n\":1.50,\"ok\":true,\"doc\":{\"a\":[1,2]}}", "{\"n\":7}");

        assertThat(line(rows, 0)).isEqualTo("\"id-1\",\"load-1\",\"say \"\"oi\"\", then\nleave\",\"1.50\",\"true\",\"{\"\"a\"\":[1,2]}\"\n");
        assertThat(line(rows, 1)).isEqualTo("\"id-2\",\"load-1\",,7,,\n");
    }

    @Test
    void integersAreWrittenAsDigitsWithoutQuotesAndAsJsonInAJsonbColumn() throws Exception {
        CsvRows rows = rows("{\"i\":0,\"doc\":{\"a\":1}}", "{\"i\":-7,\"doc\":5}", "{\"i\":9223372036854775807}", "{\"i\":-9223372036854775808}", "{\"i\":1234567890}");

        assertThat(List.of(line(rows, 0), line(rows, 1), line(rows, 2), line(rows, 3), line(rows, 4))).containsExactly(
                "\"id-1\",\"load-1\",0,\"{\"\"a\"\":1}\"\n",
                "\"id-2\",\"load-1\",-7,\"5\"\n",
                "\"id-3\",\"load-1\",9223372036854775807,\n",
                "\"id-4\",\"load-1\",-9223372036854775808,\n",
                "\"id-5\",\"load-1\",1234567890,\n");
    }

    @Test
    void integersOfEveryNumberOfDigitsAreWrittenAsJavaWritesThem() throws Exception {
        List<Long> values = new ArrayList<>(List.of(Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1));
        for (long power = 1; ; power *= 10) {
            for (long value : new long[] {power - 1, power, power + 1, 9 * power}) {
                values.add(value);
                values.add(-value);
            }
            if (power > Long.MAX_VALUE / 10) {
                break;
            }
        }
        String[] records = values.stream().map(value -> "{\"i\":" + value + "}").toArray(String[]::new);

        CsvRows rows = rows(records);

        for (int i = 0; i < records.length; i++) {
            assertThat(line(rows, i)).isEqualTo("\"id-%d\",\"load-1\",%d\n", i + 1, values.get(i));
        }
    }

    @Test
    void decimalsAreWrittenAsBigDecimalWritesThem() throws Exception {
        List<String> texts = new ArrayList<>(List.of("1.50", "-1.50", "0.00", "0.0", "-0.05", "0.000001", "0.0000001", "-0.0000012", "1e3", "1E+3",
                "1.5e-3", "123456789012345678.9", "12345678901234567.8", "0.123456789012345678", "-999999999999999999.9", "1.0e1", "10.00"));
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 2_000; i++) {
            String digits = Long.toString(Math.abs(random.nextLong()) % (long) Math.pow(10, 1 + random.nextInt(18)));
            int point = random.nextInt(digits.length() + 1);
            String zeros = "0.".concat("0".repeat(random.nextInt(8)));
            texts.add((random.nextBoolean() ? "-" : "") + switch (random.nextInt(3)) {
                case 0 -> digits.substring(0, point) + (point == 0 ? "0" : "") + "." + digits.substring(point) + "0";
                case 1 -> zeros + digits;
                default -> digits + ".5e" + (random.nextInt(20) - 10);
            });
        }
        String[] records = texts.stream().map(text -> "{\"d\":" + text + "}").toArray(String[]::new);

        CsvRows rows = rows(records);

        for (int i = 0; i < records.length; i++) {
            assertThat(line(rows, i)).as(texts.get(i)).isEqualTo("\"id-%d\",\"load-1\",\"%s\"\n", i + 1, new java.math.BigDecimal(texts.get(i)));
        }
    }

    @Test
    void textIsUtf8OfEveryLength() throws Exception {
        CsvRows rows = rows("{\"v\":\"aé€🙂\"}");

        assertThat(line(rows, 0)).isEqualTo("\"id-1\",\"load-1\",\"aé€🙂\"\n");
        assertThat(rows.end(0)).isEqualTo("\"id-1\",\"load-1\",\"aé€🙂\"\n".getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void rowsAreEncodedInOrderOnceAndStayWhereTheyWere() throws Exception {
        String[] records = new String[500];
        for (int i = 0; i < records.length; i++) {
            records[i] = "{\"v\":\"" + "x".repeat(i) + "\"}";
        }
        CsvRows rows = rows(records);

        // Asking for the last row first encodes every row before it.
        assertThat(line(rows, 499)).isEqualTo("\"id-500\",\"load-1\",\"" + "x".repeat(499) + "\"\n");
        assertThat(line(rows, 3)).isEqualTo("\"id-4\",\"load-1\",\"xxx\"\n");
        assertThat(rows.start(0)).isZero();
        assertThat(rows.start(250)).isEqualTo(rows.end(249));
    }

    @Test
    void rowsFillBlocksWholeAndARowLongerThanABlockHasOneOfItsOwn() throws Exception {
        String[] records = new String[3_000];
        for (int i = 0; i < records.length; i++) {
            int length = i == 0 || i == 1_500 ? CsvRows.BLOCK + 10 : i % 700;
            records[i] = "{\"v\":\"" + (char) ('a' + i % 26) + "é".repeat(length / 2) + "\"}";
        }
        CsvRows rows = rows(records);

        List<byte[]> blocks = new ArrayList<>();
        for (int i = 0; i < records.length; i++) {
            byte[] block = rows.data(i);
            String value = records[i].substring(6, records[i].length() - 2);
            assertThat(line(rows, i)).isEqualTo("\"id-%d\",\"load-1\",\"%s\"\n", i + 1, value);
            if (blocks.isEmpty() || blocks.get(blocks.size() - 1) != block) {
                assertThat(blocks).doesNotContain(block);
                assertThat(rows.start(i)).isZero();
                blocks.add(block);
            } else {
                // The rows of a block are next to each other, as one write to COPY sends them.
                assertThat(rows.start(i)).isEqualTo(rows.end(i - 1));
            }
        }
        // The two long rows have a block each, of their own; every other block is of the usual size.
        for (int i : new int[] {0, 1_500}) {
            assertThat(rows.data(i)).isNotSameAs(rows.data(i + 1));
            assertThat(rows.end(i)).isGreaterThan(CsvRows.BLOCK);
        }
        assertThat(rows.data(1_499)).isNotSameAs(rows.data(1_500));
        assertThat(blocks.stream().filter(block -> block.length > CsvRows.BLOCK)).hasSize(2);
        // About 1.5 MB of text, in blocks that each hold at least one row.
        assertThat(blocks).hasSizeGreaterThan(4);
        // Encoded once: asked again, a row is where it was.
        assertThat(line(rows, 1_500)).startsWith("\"id-1501\"");
        assertThat(rows.data(0)).isSameAs(blocks.get(0));
    }

    @Test
    void theBlocksOfABatchWrittenServeTheNextBatchAndWhatTheyHeldNeverShows() throws Exception {
        CsvRows.Blocks pool = new CsvRows.Blocks();
        String[] first = new String[2_000];
        String[] next = new String[2_000];
        for (int i = 0; i < first.length; i++) {
            first[i] = "{\"v\":\"" + "x".repeat(100 + i % 400) + "\"}";
            // the next batch: shorter rows, and one longer than a block at the start of a block (its block is replaced)
            next[i] = "{\"v\":\"" + (i == 0 ? "y".repeat(CsvRows.BLOCK + 10) : "y".repeat(i % 50)) + "\"}";
        }
        CsvRows written = rows(pool, first);
        Set<byte[]> firstBlocks = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < first.length; i++) {
            firstBlocks.add(written.data(i));
        }
        written.release();

        CsvRows rows = rows(pool, next);

        Set<byte[]> nextBlocks = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < next.length; i++) {
            String value = next[i].substring(6, next[i].length() - 2);
            assertThat(line(rows, i)).isEqualTo("\"id-%d\",\"load-1\",\"%s\"\n", i + 1, value);
            nextBlocks.add(rows.data(i));
        }
        assertThat(firstBlocks).hasSizeGreaterThan(2);
        // every block of the usual size that the next batch used was one of the first batch's
        assertThat(nextBlocks.stream().filter(block -> block.length == CsvRows.BLOCK)).isNotEmpty().allMatch(firstBlocks::contains);
    }
}
