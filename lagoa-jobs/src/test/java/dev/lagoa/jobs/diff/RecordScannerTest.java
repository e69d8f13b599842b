package dev.lagoa.jobs.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The scanner's key and digest are the tree's, or it leaves the record to the tree: checked on many generated records,
 * each written in several spellings of the same value (escapes, key order, whitespace, number forms), and on hostile
 * ones (truncated, bytes changed, invalid UTF-8, names twice, deep nesting).
 */
class RecordScannerTest {
    private static final Object NULL = new Object();
    private static final String[] NAMES = {"id", "a", "b", "a.b", "nome", "é", "e\u0301", "\ud83d\ude00", "", "x\"y", "z\\", "\u2028", "tab\t",
        "\u00ff", "\uffff", "\ue000", "\ud800", "\udfff", "cliente", "data"};
    private static final String[] SNIPPETS = {"", "a", "Café", "\u00e9", "e\u0301", "\ud83d\ude00", "\"", "\\", "/", "\n", "\u0000", "\u001f",
        "\u007f", "\u2028", "\u2029", "\ud800", "\udc00", "\ud83d", "\uffff", "\ufffd", "\u0800", "\u07ff", "日本", " ", "\ud7ff", "\ud55c"};

    private final Random random = new Random(20261207);

    @Test
    void theDigestIsMurmur3X64With128Bits() {
        long[] digest = new long[2];
        byte[] text = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
        Murmur3.hash128(text, 0, text.length, digest);
        // the reference implementation's bytes 6c1b07bc7bbc4be3 47939ac4a93c437a, as two little-endian longs
        assertThat(digest).containsExactly(0xe34bbc7bbc071b6cL, 0x7a433ca9c49a9347L);
        Murmur3.hash128(new byte[0], 0, 0, digest);
        assertThat(digest).containsExactly(0L, 0L);
    }

    @Test
    void everySpellingOfARecordHasTheTreesKeyAndDigest() throws Exception {
        for (DiffOptions options : options()) {
            JsonRecords records = new JsonRecords(options);
            for (int i = 0; i < 400; i++) {
                Map<String, Object> record = record(options, i);
                long[] first = null;
                String firstKey = null;
                for (int spelling = 0; spelling < 4; spelling++) {
                    byte[] bytes = write(record);
                    long[] digest = new long[2];
                    String key = records.keyAndDigest(bytes, 0, bytes.length, digest);
                    JsonNode tree = records.mapper().readTree(bytes);
                    String treeKey = records.key(tree, new String[1]);
                    assertThat(key).as("key of %s", text(bytes)).isNotNull().isEqualTo(treeKey);
                    assertThat(digest).as("digest of %s", text(bytes)).containsExactly(records.digest(tree));
                    if (first == null) {
                        first = digest.clone();
                        firstKey = key;
                    } else {
                        assertThat(digest).as("digest of another spelling, %s", text(bytes)).containsExactly(first);
                        assertThat(key).isEqualTo(firstKey);
                    }
                }
            }
        }
    }

    @Test
    void changedPathsReadFromTheFormsAreTheTreesPaths() throws Exception {
        for (DiffOptions options : options()) {
            JsonRecords records = new JsonRecords(options);
            int fromForms = 0;
            for (int i = 0; i < 400; i++) {
                Map<String, Object> record = record(options, i);
                byte[] before = write(record);
                byte[] after = write(mutated(record, 0, options));
                JsonNode beforeTree = records.mapper().readTree(before);
                JsonNode afterTree = records.mapper().readTree(after);
                List<String> paths = records.changedPaths(before, after);
                if (paths != null) {
                    fromForms++;
                    assertThat(paths).as("%s -> %s", text(before), text(after)).isEqualTo(records.changedPaths(beforeTree, afterTree));
                }
                List<String> inserted = records.changedPaths(null, after);
                if (inserted != null) {
                    assertThat(inserted).as("inserted %s", text(after)).isEqualTo(records.changedPaths(records.mapper().createObjectNode(), afterTree));
                }
            }
            assertThat(fromForms).as("records the forms decide, of 400").isGreaterThan(200);
        }
    }

    /** A copy of a value with some of it changed: fields added, removed or replaced, arrays longer or shorter, numbers respelt. */
    private Object mutated(Object value, int depth, DiffOptions options) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> field : map.entrySet()) {
                String name = (String) field.getKey();
                boolean key = depth == 0 && options.keyPaths().stream().anyMatch(path -> path.equals(name) || path.startsWith(name + "."));
                int dice = random.nextInt(10);
                if (key || dice >= 3) {
                    copy.put(name, field.getValue());
                } else if (dice > 0) {
                    copy.put(name, mutated(field.getValue(), depth + 1, options));
                }
            }
            if (random.nextInt(4) == 0) {
                copy.put(random.nextInt(3) == 0 ? NAMES[random.nextInt(NAMES.length)] : "f" + random.nextInt(40), value(depth + 1));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object element : list) {
                copy.add(random.nextInt(3) == 0 ? mutated(element, depth + 1, options) : element);
            }
            if (random.nextInt(4) == 0) {
                copy.add(value(depth + 1));
            }
            return copy;
        }
        if (value instanceof BigDecimal number && random.nextBoolean()) {
            return number.setScale(Math.max(number.scale(), 0) + 1); // the same number, spelt longer
        }
        return random.nextInt(3) == 0 ? value(depth + 1) : value;
    }

    @Test
    void differentValuesHaveDifferentDigests() throws Exception {
        JsonRecords records = new JsonRecords(new DiffOptions(List.of("id"), Set.of(), false, 1 << 20, 1000));
        List<String> values = List.of("1", "1.5", "\"1\"", "true", "false", "null", "[]", "{}", "[1]", "[[]]", "{\"a\":1}", "{\"a\":\"1\"}",
                "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\udc00\"", "\"\\ud800\\ud800\"", "\"\u00e9\"", "\"e\u0301\"", "\"\"", "\" \"", "-1", "10",
                "1e400", "1e-400", "123456789012345678901234567890", "[1,2]", "[2,1]", "[1,[2]]", "[[1],2]", "{\"a\":{}}", "{\"\":1}");
        Map<String, String> seen = new LinkedHashMap<>();
        for (String value : values) {
            byte[] bytes = ("{\"id\":1,\"v\":" + value + "}").getBytes(StandardCharsets.UTF_8);
            long[] digest = new long[2];
            assertThat(records.keyAndDigest(bytes, 0, bytes.length, digest)).as(value).isNotNull();
            String previous = seen.put(digest[0] + ":" + digest[1], value);
            assertThat(previous).as("%s and %s", previous, value).isNull();
        }
    }

    @Test
    void hostileRecordsGetTheTreesAnswerOrGoToTheTree() throws Exception {
        List<byte[]> hostile = new ArrayList<>();
        for (String text : List.of("{\"id\":1,\"id\":1}", "{\"id\":1,\"a\":{\"x\":1,\"y\":2,\"x\":3}}", "{\"id\":1,\"\\u0061\":1,\"a\":2}",
                "{\"id\":1,\"\\ud83d\\ude00\":1,\"\ud83d\ude00\":2}", "{\"id\":01}", "{\"id\":+1}", "{\"id\":1.}", "{\"id\":.5}", "{\"id\":1e}",
                "{\"id\":1e+}", "{\"id\":-}", "{\"id\":NaN}", "{\"id\":Infinity}", "{\"id\":1,}", "{\"id\":1,,\"a\":1}", "{,\"id\":1}", "{\"id\":1]",
                "{\"id\":[1,]}", "{\"id\":1,\"a\":tru}", "{\"id\":1,\"a\":truex}", "{\"id\":1,\"a\":nul}", "{\"id\":1,\"a\":\"\\x\"}",
                "{\"id\":1,\"a\":\"\\u12\"}", "{\"id\":1,\"a\":\"\\u12G4\"}", "{\"id\":1,\"a\":\"tab\there\"}", "{\"id\":1,\"a\":'x'}", "{id:1}",
                "{\"id\":1}{}", "{\"id\":1} x", "[{\"id\":1}]", "\"id\"", "{\"id\":1,\"a\":1e99999999999}", "{\"id\":1,\"a\":-0}",
                "{\"id\":-0.0e5}", "{\"id\":1E2}", "{\"id\":\"\\ud800\"}", "{\"id\":\"\\u2028\"}", "{\"id\":\"a\\\"b\"}", "{\"id\":true}",
                "{\"id\":null}", "{\"id\":{}}", "{\"id\":[]}", "{\"a\":1}", "{}", "{\"id\":1,\"a\":\u00a0 1}", "{\"id\":1,\"a\":1\u000b}",
                "\u00ef\u00bb\u00bf{\"id\":1}", "{\"id\":1,\"a\":[1 2]}", "{\"id\":1,\"a\":{\"b\" 1}}", "{\"id\":1,\"a\":\"x", "{\"id\":1,\"a\":")) {
            hostile.add(text.getBytes(StandardCharsets.UTF_8));
        }
        for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80}, new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xE0, (byte) 0x9F, (byte) 0xBF}, new byte[] {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF},
                new byte[] {(byte) 0xC3, (byte) 0xA9}, new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xE2, (byte) 0x80, (byte) 0xA8})) {
            for (String around : List.of("{\"id\":1,\"a\":\"x%sy\"}", "{\"id\":\"%s\"}", "{\"id\":1,\"%s\":1}", "{\"id\":1,%s\"a\":1}")) {
                String[] parts = around.split("%s");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(parts[0].getBytes(StandardCharsets.UTF_8));
                out.writeBytes(bad);
                out.writeBytes(parts[1].getBytes(StandardCharsets.UTF_8));
                hostile.add(out.toByteArray());
            }
        }
        for (int depth : List.of(200, 255, 256, 257, 300, 499, 500, 501, 600)) {
            hostile.add(("{\"id\":1,\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8));
            hostile.add(("{\"id\":1,\"a\":" + "{\"b\":".repeat(depth) + "1" + "}".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8));
        }
        hostile.add(("{\"id\":1,\"a\":1" + "0".repeat(70) + "}").getBytes(StandardCharsets.UTF_8));
        hostile.add(("{\"id\":1" + "0".repeat(70) + "}").getBytes(StandardCharsets.UTF_8));
        hostile.add(("{\"id\":1,\"a\":1" + "0".repeat(1200) + "}").getBytes(StandardCharsets.UTF_8));
        hostile.add(("{\"id\":1,\"a\":0." + "0".repeat(70) + "1}").getBytes(StandardCharsets.UTF_8));
        StringBuilder wide = new StringBuilder("{\"id\":1");
        for (int i = 300; i >= 0; i--) {
            wide.append(",\"f").append(i).append("\":").append(i);
        }
        hostile.add(wide.append(",\"f7\":1}").toString().getBytes(StandardCharsets.UTF_8));
        hostile.add(wide.substring(0, wide.length() - 8).concat("}").getBytes(StandardCharsets.UTF_8));
        DiffOptions plain = new DiffOptions(List.of("id"), Set.of(), false, 1 << 20, 1000);
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = write(record(plain, i));
            hostile.add(mutate(bytes));
        }
        for (DiffOptions options : options()) {
            JsonRecords records = new JsonRecords(options);
            int scanned = 0;
            for (byte[] bytes : hostile) {
                long[] digest = new long[2];
                String key = records.keyAndDigest(bytes, 0, bytes.length, digest);
                JsonNode tree;
                try {
                    tree = records.mapper().readTree(bytes);
                } catch (java.io.IOException e) {
                    assertThat(key).as("the tree rejects %s: %s", text(bytes), e.getMessage()).isNull();
                    continue;
                }
                String treeKey = tree != null && tree.isObject() ? records.key(tree, new String[1]) : null;
                if (treeKey == null) {
                    assertThat(key).as("no key in %s", text(bytes)).isNull();
                } else if (key != null) {
                    scanned++;
                    assertThat(key).as("key of %s", text(bytes)).isEqualTo(treeKey);
                    assertThat(digest).as("digest of %s", text(bytes)).containsExactly(records.digest(tree));
                }
            }
            if (options.keyPaths().equals(List.of("id"))) {
                assertThat(scanned).as("records the scanner read itself").isGreaterThan(100);
            }
        }
    }

    private static List<DiffOptions> options() {
        return List.of(new DiffOptions(List.of("id"), Set.of(), false, 1 << 20, 1000),
                new DiffOptions(List.of("id"), Set.of("a", "b.a", "nome", "a.b"), true, 1 << 20, 1000),
                new DiffOptions(List.of("cliente.id", "data"), Set.of("cliente.nome", "\u00e9"), false, 1 << 20, 1000),
                new DiffOptions(List.of("a.b"), Set.of(), true, 1 << 20, 1000));
    }

    /** A record with the options' key fields (strings or numbers) and random other fields. */
    private Map<String, Object> record(DiffOptions options, int index) {
        Map<String, Object> record = object(0);
        for (String keyPath : options.keyPaths()) {
            String[] steps = keyPath.split("\\.");
            Map<String, Object> at = record;
            for (int i = 0; i < steps.length - 1; i++) {
                Object next = at.get(steps[i]);
                if (!(next instanceof Map)) {
                    next = object(3);
                    at.put(steps[i], next);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) next;
                at = child;
            }
            at.put(steps[steps.length - 1], switch (random.nextInt(4)) {
                case 0 -> BigDecimal.valueOf(index);
                case 1 -> new BigDecimal(BigInteger.valueOf(index).multiply(BigInteger.TEN.pow(random.nextInt(25))), random.nextInt(30) - 5);
                case 2 -> "k" + index + SNIPPETS[random.nextInt(SNIPPETS.length)].replaceAll("\\p{Cs}", "");
                default -> random.nextBoolean() ? Boolean.TRUE : "\u00e9\u65e5" + index;
            });
        }
        return record;
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> object = new LinkedHashMap<>();
        int fields = random.nextInt(depth == 0 ? 12 : 5);
        for (int i = 0; i < fields; i++) {
            object.put(random.nextInt(3) == 0 ? NAMES[random.nextInt(NAMES.length)] : "f" + random.nextInt(40), value(depth + 1));
        }
        return object;
    }

    private Object value(int depth) {
        int kind = random.nextInt(depth > 4 ? 5 : 7);
        return switch (kind) {
            case 0 -> string();
            case 1 -> number();
            case 2 -> random.nextBoolean();
            case 3 -> NULL;
            case 4 -> number();
            case 5 -> object(depth);
            default -> {
                List<Object> array = new ArrayList<>();
                int elements = random.nextInt(4);
                for (int i = 0; i < elements; i++) {
                    array.add(value(depth + 1));
                }
                yield array;
            }
        };
    }

    private String string() {
        StringBuilder text = new StringBuilder();
        int parts = random.nextInt(5);
        for (int i = 0; i < parts; i++) {
            text.append(random.nextInt(3) == 0 ? SNIPPETS[random.nextInt(SNIPPETS.length)] : Integer.toString(random.nextInt(1000)));
        }
        return text.toString();
    }

    private BigDecimal number() {
        return switch (random.nextInt(6)) {
            case 0 -> BigDecimal.valueOf(random.nextInt(2001) - 1000);
            case 1 -> BigDecimal.valueOf(random.nextLong());
            case 2 -> BigDecimal.valueOf(random.nextInt(200_000) - 100_000, random.nextInt(6));
            case 3 -> new BigDecimal(new BigInteger(random.nextInt(120) + 1, random), random.nextInt(160) - 80);
            case 4 -> BigDecimal.ZERO;
            default -> new BigDecimal(BigInteger.valueOf(random.nextInt(1000)), -random.nextInt(80));
        };
    }

    /** One spelling of the value: random key order, whitespace, escapes and number forms. */
    private byte[] write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void write(StringBuilder out, Object value) {
        space(out);
        if (value instanceof Map<?, ?> map) {
            List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
            Collections.shuffle(entries, random);
            out.append('{');
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                space(out);
                string(out, (String) entries.get(i).getKey());
                space(out);
                out.append(':');
                write(out, entries.get(i).getValue());
            }
            space(out);
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i));
            }
            space(out);
            out.append(']');
        } else if (value instanceof String text) {
            string(out, text);
        } else if (value instanceof BigDecimal number) {
            out.append(spell(number));
        } else if (value instanceof Boolean bool) {
            out.append(bool);
        } else {
            out.append("null");
        }
        space(out);
    }

    private String spell(BigDecimal number) {
        if (number.signum() == 0) {
            return List.of("0", "-0", "0.0", "-0.000", "0e5", "0E-3", "-0.0e+2").get(random.nextInt(7));
        }
        return switch (random.nextInt(5)) {
            case 0 -> number.toPlainString();
            case 1 -> number.scale() <= 0 ? number.toPlainString() + "." + "0".repeat(random.nextInt(3) + 1) : number.toPlainString() + "00";
            case 2 -> number.unscaledValue() + "E" + (-number.scale());
            case 3 -> number.unscaledValue() + "0e" + (-number.scale() - 1);
            default -> number.toString();
        };
    }

    private void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            boolean lone = Character.isSurrogate(c) && !pair;
            if (pair) {
                // both halves escaped, or both raw
                if (random.nextBoolean()) {
                    out.append(String.format("\\u%04x\\u%04X", (int) c, (int) text.charAt(i + 1)));
                } else {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || lone || random.nextInt(8) == 0) {
                if (c == '\n' && random.nextBoolean()) {
                    out.append("\\n");
                } else {
                    out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
                }
            } else if (c == '/' && random.nextBoolean()) {
                out.append("\\/");
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private void space(StringBuilder out) {
        if (random.nextInt(4) == 0) {
            out.append(" \t\r\n".charAt(random.nextInt(4)));
        }
    }

    private byte[] mutate(byte[] bytes) {
        byte[] copy = bytes.clone();
        int at = random.nextInt(copy.length);
        return switch (random.nextInt(4)) {
            case 0 -> java.util.Arrays.copyOf(copy, at);
            case 1 -> {
                copy[at] = (byte) random.nextInt(256);
                yield copy;
            }
            case 2 -> {
                byte[] structural = "{}[],:\"\\0e-.".getBytes(StandardCharsets.US_ASCII);
                copy[at] = structural[random.nextInt(structural.length)];
                yield copy;
            }
            default -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(copy, 0, at);
                out.write(0x80 + random.nextInt(128));
                out.write(copy, at, copy.length - at);
                yield out.toByteArray();
            }
        };
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
