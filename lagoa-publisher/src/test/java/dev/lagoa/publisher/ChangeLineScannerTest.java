package dev.lagoa.publisher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ChangeLineScanner} against the reference it replaces ({@link JacksonChangeLine}: Jackson's strict parser and
 * a strict UTF-8 decoder) on generated and hostile lines: both must accept and reject the same lines, find the same
 * op and the same key bytes, and give the same reason (for "not JSON", the same kind of reason; the detail is the
 * scanner's own).
 */
class ChangeLineScannerTest {
    private static final String VALID = "{\"op\":\"u\",\"key\":{\"id\":4,\"loja\":\"S\u00e3o Paulo\"},\"before\":{\"id\":4,\"preco\":27.50,\"tags\":[\"a\",true,null]},"
            + "\"after\":{\"id\":4,\"preco\":-2.9e-3,\"nome\":\"caf\u00e9 \\\"bom\\\" \\u00e9 \\ud83d\\ude00 \ud83d\ude00\"},\"changed_fields\":[\"preco\"],\"date\":\"2026-11-21\"}";
    private static final byte[] HOSTILE_BYTES = {'"', '\\', ',', ':', '{', '}', '[', ']', ' ', '\t', '\r', '\n', 0, 0x01, 0x1f, 0x7f, 'e', 'E', '.', '-', '+',
        '0', '1', 'x', 'u', 'n', 't', '/', (byte) 0x80, (byte) 0xbf, (byte) 0xc0, (byte) 0xc1, (byte) 0xc3, (byte) 0xe0, (byte) 0xed, (byte) 0xef,
        (byte) 0xf0, (byte) 0xf4, (byte) 0xf5, (byte) 0xff};

    private final ChangeLineScanner scanner = new ChangeLineScanner();
    private int checked;

    @Test
    void acceptsChangeRecordsAndFindsTheirOpAndKey() {
        String reason = scanner.scan(VALID.getBytes(UTF_8), 0, VALID.getBytes(UTF_8).length);

        assertThat(reason).isNull();
        assertThat(scanner.op()).isEqualTo('u');
        byte[] line = VALID.getBytes(UTF_8);
        assertThat(new String(line, scanner.keyFrom(), scanner.keyTo() - scanner.keyFrom(), UTF_8)).isEqualTo("{\"id\":4,\"loja\":\"S\u00e3o Paulo\"}");
        agrees(VALID.getBytes(UTF_8));
    }

    @Test
    void scansALineInsideALargerBuffer() {
        byte[] line = VALID.getBytes(UTF_8);
        byte[] buffer = new byte[line.length + 20];
        Arrays.fill(buffer, (byte) '}');
        System.arraycopy(line, 0, buffer, 7, line.length);

        assertThat(scanner.scan(buffer, 7, 7 + line.length)).isNull();
        assertThat(new String(buffer, scanner.keyFrom(), scanner.keyTo() - scanner.keyFrom(), UTF_8)).startsWith("{\"id\":4,").endsWith("}");
        assertThat(scanner.scan(buffer, 7, 7 + line.length - 1)).as("the end is the given end, not the buffer's").startsWith("not JSON: ");
    }

    @Test
    void findsTheFirstNewlineWhereverItIs() {
        for (int length = 0; length <= 40; length++) {
            for (int from = 0; from <= length; from++) {
                byte[] bytes = new byte[length];
                Arrays.fill(bytes, (byte) 0x8a); // '\n' with the high bit: never a newline
                assertThat(ChangeLineScanner.indexOfNewline(bytes, from, length)).isEqualTo(length);
                for (int at = from; at < length; at++) {
                    byte[] one = bytes.clone();
                    one[at] = '\n';
                    if (at + 1 < length) {
                        one[at + 1] = '\n';
                    }
                    assertThat(ChangeLineScanner.indexOfNewline(one, from, length)).isEqualTo(at);
                    assertThat(ChangeLineScanner.indexOfNewline(one, from, at)).as("the end is the given end").isEqualTo(at);
                }
            }
        }
    }

    @Test
    void namesEveryReasonAsThePublisherAlwaysHas() {
        assertThat(reason("[1,2]")).isEqualTo("not a JSON object");
        assertThat(reason("\"text\"")).isEqualTo("not a JSON object");
        assertThat(reason("{\"key\":{\"id\":1}}")).isEqualTo("no op");
        assertThat(reason("{\"op\":null,\"key\":{\"id\":1}}")).isEqualTo("no op");
        assertThat(reason("{\"op\":\"x\",\"key\":{\"id\":1}}")).isEqualTo("op 'x' is not c, u or d");
        assertThat(reason("{\"op\":1.50,\"key\":{\"id\":1}}")).isEqualTo("op '1.50' is not c, u or d");
        assertThat(reason("{\"op\":\"c\"}")).isEqualTo("no key");
        assertThat(reason("{\"op\":\"c\",\"key\":null}")).isEqualTo("no key");
        assertThat(reason("{\"op\":\"c\",\"key\":7}")).isEqualTo("key is not a JSON object");
        assertThat(reason("{\"op\":\"c\",\"key\":[{}]}")).isEqualTo("key is not a JSON object");
        assertThat(reason("{\"op\":\"c\",\"key\":{\"id\":1}} trailing")).isEqualTo("not JSON: content after the object");
        assertThat(reason("{\"op\":\"c\",")).startsWith("not JSON: ");
        assertThat(reason("{\"op\":\"c\",\"key\":{\"id\":01}}")).isEqualTo("not JSON: a number with a leading zero at byte 22");
        assertThat(reason(bytes("{\"op\":\"c\",\"key\":{\"id\":1},\"n\":\"", "c0af", "\"}"))).isEqualTo("not valid UTF-8");
        assertThat(reason(bytes("{\"op\":\"c\",\"key\":{\"id\":1},\"n\":\"", "eda080", "\"}"))).as("a surrogate in UTF-8").isEqualTo("not valid UTF-8");
        assertThat(reason("{\"op\":\"\\u0063\",\"key\":{}}")).as("op written with an escape is still c").isNull();
        assertThat(scanner.op()).isEqualTo('c');
        assertThat(reason("{\"op\":\"c\",\"op\":\"d\",\"key\":{\"a\":1},\"key\":{\"b\":2}}")).as("the last one counts").isNull();
        assertThat(scanner.op()).isEqualTo('d');
    }

    @Test
    void agreesWithJacksonOnGeneratedChangeRecords() {
        Random random = new Random(20261121);
        for (int i = 0; i < 20_000; i++) {
            agrees(changeRecord(random));
        }
        assertThat(checked).isEqualTo(20_000);
    }

    @Test
    void agreesWithJacksonOnEveryTruncation() {
        Random random = new Random(7);
        List<byte[]> lines = new ArrayList<>(List.of(VALID.getBytes(UTF_8)));
        for (int i = 0; i < 40; i++) {
            lines.add(changeRecord(random));
        }
        for (byte[] line : lines) {
            for (int length = 0; length <= line.length; length++) {
                agrees(Arrays.copyOf(line, length));
            }
        }
    }

    @Test
    void agreesWithJacksonOnEveryHostileByteAtEveryPlace() {
        byte[] line = VALID.getBytes(UTF_8);
        for (int at = 0; at < line.length; at++) {
            for (byte hostile : HOSTILE_BYTES) {
                byte[] replaced = line.clone();
                replaced[at] = hostile;
                agrees(replaced);
                byte[] inserted = new byte[line.length + 1];
                System.arraycopy(line, 0, inserted, 0, at);
                inserted[at] = hostile;
                System.arraycopy(line, at, inserted, at + 1, line.length - at);
                agrees(inserted);
            }
            byte[] removed = new byte[line.length - 1];
            System.arraycopy(line, 0, removed, 0, at);
            System.arraycopy(line, at + 1, removed, at, line.length - at - 1);
            agrees(removed);
        }
    }

    @Test
    void agreesWithJacksonOnRandomDamage() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] line = changeRecord(random);
            int changes = 1 + random.nextInt(3);
            for (int k = 0; k < changes; k++) {
                int at = random.nextInt(line.length);
                line[at] = random.nextBoolean() ? HOSTILE_BYTES[random.nextInt(HOSTILE_BYTES.length)] : (byte) random.nextInt(256);
            }
            agrees(line);
        }
    }

    @Test
    void agreesWithJacksonOnHandWrittenHostileLines() {
        String key = "\"key\":{\"id\":1}";
        List<String> lines = List.of("", " ", "{", "}", "{}", "{ }", "[]", "[", "\"", "\"abc", "null", "nul", "nullx", "null ", "true", "true]", "truex",
                "tru", "false", "fals", "1", "-", "-1", "01", "1x", "1 x", "1.", ".5", "1e", "1e+", "1E5", "-0", "+1", "NaN", "Infinity", "-Infinity",
                "x", "'a'", "{'op':'c'}", "{op:\"c\"}", "{\"op\":\"c\"," + key + ",}", "{\"op\":\"c\",," + key + "}", "{,\"op\":\"c\"," + key + "}",
                "{\"op\":\"c\"," + key + "}}", "{\"op\":\"c\"," + key + "}{}", "{\"op\":\"c\"," + key + "} ", "{\"op\":\"c\" " + key + "}",
                "{\"op\" \"c\"," + key + "}", "{\"op\"::\"c\"," + key + "}", "{\"op\":\"c\"," + key + ",\"a\":[1,]}", "{\"op\":\"c\"," + key + ",\"a\":[,1]}",
                "{\"op\":\"c\"," + key + ",\"a\":[1 2]}", "{\"op\":\"c\"," + key + ",\"a\":{\"b\"}}", "{\"op\":\"c\"," + key + ",\"a\":{\"b\":}}",
                "{\"op\":\"c\"," + key + ",\"a\":-}", "{\"op\":\"c\"," + key + ",\"a\":1.}", "{\"op\":\"c\"," + key + ",\"a\":.5}",
                "{\"op\":\"c\"," + key + ",\"a\":1e}", "{\"op\":\"c\"," + key + ",\"a\":1e-}", "{\"op\":\"c\"," + key + ",\"a\":00}",
                "{\"op\":\"c\"," + key + ",\"a\":-01}", "{\"op\":\"c\"," + key + ",\"a\":-0.0e+0}", "{\"op\":\"c\"," + key + ",\"a\":1E400}",
                "{\"op\":\"c\"," + key + ",\"a\":0x1F}", "{\"op\":\"c\"," + key + ",\"a\":tRUE}", "{\"op\":\"c\"," + key + ",\"a\":\"\\x\"}",
                "{\"op\":\"c\"," + key + ",\"a\":\"\\u12\"}", "{\"op\":\"c\"," + key + ",\"a\":\"\\u12G4\"}", "{\"op\":\"c\"," + key + ",\"a\":\"\\uD800\"}",
                "{\"op\":\"c\"," + key + ",\"a\":\"\\uDC00\\uD800\"}", "{\"op\":\"c\"," + key + ",\"a\":\"\\'\"}", "{\"op\":\"c\"," + key + ",\"a\":\"\t\"}",
                "{\"op\":\"c\"," + key + ",\"a\":\"\u007f\"}", "{\"op\":\"c\"," + key + ",\"a\\u0000\":1}", "{\"op\":\"c\"," + key + ",\"a\":\"\\/\"}",
                "{\"op\":\"c\"," + key + ",\"a\":/*x*/1}", "{\"op\":\"c\"," + key + "}#", "{\"op\":\"c\"," + key + "}//",
                "{\"\\u006fp\":\"c\"," + key + "}", "{\"op\":\"\\u0063\"," + key + "}", "{\"o\\u0070\":\"x\"," + key + "}", "{\"op\":\"\\u0078\"," + key + "}",
                "{\"op\":\"c\",\"k\\u0065y\":7}", "{\"op\":\"c\",\"key\":{}}", "{\"op\":\"cc\"," + key + "}", "{\"op\":\"\"," + key + "}",
                "{\"op\":true," + key + "}", "{\"op\":false," + key + "}", "{\"op\":[\"c\"]," + key + "}", "{\"op\":{\"op\":\"c\"," + key + "}}",
                "{\"op\":\"c\",\"op\":null," + key + "}", "{\"op\":null,\"op\":\"d\"," + key + "}", "{\"op\":\"c\"," + key + ",\"key\":null}",
                "{\"op\":\"c\",\"key\":null," + key + "}", "{\"op\":\"c\",\"key\":\"x\"}", "{\"op\":\"c\",\"key\":\"x}", "{\"op\":\"c\",\"key\":[}",
                "{\"op\":\"c\",\"key\":true}", "{\"op\":\"c\",\"key\":truex}", "{\"op\":\"c\",\"key\":1x}", "{\"op\":\"c\",\"key\":01}",
                "{\"op\":\"c\",\"key\":-}", "{\"op\":\"c\",\"key\":x}", "{\"op\":\"c\",\"key\":", "{\"op\":\"c\",\"key\":{", "{\"op\":\"c\",\"key\":{\"a\":[1,{}]}}",
                "{\"op\":\"c\",\"key\":7,", "{\"op\":\"x\",\"key\":7}", "{\"key\":7,\"op\":\"x\"}", " \t{\"op\":\"c\"," + key + "}\t\r",
                "{ \"op\" : \"c\" , \"key\" : { \"id\" : 1 } }", "{\n\"op\":\"c\",\r\n" + key + "\n}", "\ufeff{\"op\":\"c\"," + key + "}",
                "\ufeff\ufeff{\"op\":\"c\"," + key + "}", "{\"op\":\"c\"," + key + "\ufeff}", "\u00a0{\"op\":\"c\"," + key + "}", "\f{\"op\":\"c\"," + key + "}",
                "{\"op\":\"c\"," + key + ",\"\u00e9\":1}", "{\"op\":\"c\"," + key + ",\"a\":1\u00e9}", "{\"op\":\"c\"," + key + ",\"a\":true\u00e9}",
                "{\"op\":\"c\"," + key + ",\"a\":true\u00a0}", "{\"op\":\"c\"," + key + ",\"a\":null_}", "{\"op\":\"c\"," + key + ",\"a\":[true:1]}",
                "true:", "true_", "true0", "true\u00e9", "true\u00a0", "1\u00e9", "\u00e9");
        for (String line : lines) {
            agrees(line.getBytes(UTF_8));
        }
        String[] badUtf8 = {"80", "bf", "c0", "c0af", "c1bf", "c2", "c27f", "c2c0", "e0", "e080af", "e09fbf", "e0a080", "eda080", "edbfbf", "ed9fbf", "ef",
            "efbf", "efbfbf", "f0", "f08080af", "f08fbfbf", "f0908080", "f48fbfbf", "f4908080", "f5808080", "f8", "fe", "ff", "c3a9", "e282ac", "f09f9880",
            "c3", "e282", "f09f98"};
        for (String hex : badUtf8) {
            agrees(bytes("{\"op\":\"c\"," + key + ",\"a\":\"", hex, "\"}"));
            agrees(bytes("{\"op\":\"c\"," + key + ",\"", hex, "\":1}"));
            agrees(bytes("{\"op\":\"c\"," + key + ",\"a\":", hex, "}"));
            agrees(bytes("{\"op\":\"c\"," + key + "}", hex, ""));
            agrees(bytes("{\"op\":\"c\"," + key + ",\"a\":\"", hex, ""));
            agrees(bytes("", hex, ""));
            agrees(bytes("{\"op\":\"", hex, "\"," + key + "}"));
            agrees(bytes("{\"op\":\"c\"," + key + ",\"a\":true", hex, "}"));
        }
    }

    @Test
    void agreesWithJacksonOnTheLimitsOfNestingAndNumbers() {
        for (int depth = 995; depth <= 1005; depth++) {
            agrees(("{\"op\":\"c\",\"key\":{},\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}").getBytes(UTF_8));
            agrees(("{\"op\":\"c\",\"key\":{},\"a\":" + "{\"b\":".repeat(depth - 1) + "1" + "}".repeat(depth - 1) + "}").getBytes(UTF_8));
            agrees(("{\"op\":\"c\",\"key\":" + "{\"b\":".repeat(depth - 1) + "1" + "}".repeat(depth - 1) + "}").getBytes(UTF_8));
            agrees(("{\"op\":\"c\",\"key\":{},\"a\":" + "[".repeat(depth - 1)).getBytes(UTF_8));
        }
        for (int digits = 995; digits <= 1005; digits++) {
            String number = "1".repeat(digits);
            for (String form : List.of(number, "-" + number, number.substring(1) + ".5", "-" + number.substring(2) + ".5", "0." + number.substring(1),
                    number.substring(2) + "e5", number.substring(3) + "e+55", number.substring(3) + ".5E-5", "-" + number.substring(4) + ".25e-5")) {
                agrees(("{\"op\":\"c\",\"key\":{},\"a\":" + form + "}").getBytes(UTF_8));
                agrees(("{\"op\":\"c\",\"key\":" + form + "}").getBytes(UTF_8));
                agrees(form.getBytes(UTF_8));
            }
        }
    }

    /** Scanner and reference agree on {@code line}: acceptance, op, key bytes, and the reason (its kind for "not JSON"). */
    private void agrees(byte[] line) {
        checked++;
        JacksonChangeLine expected = JacksonChangeLine.of(line);
        String reason = scanner.scan(line, 0, line.length);
        String shown = new String(line, UTF_8) + " (" + HexFormat.of().formatHex(line, 0, Math.min(line.length, 400)) + ")";
        if (nulDecidesJacksonsEncoding(line)) {
            // Jackson reads a text whose first bytes hold a NUL as UTF-16 or UTF-32; a change line is UTF-8, where a
            // NUL before the first member is never JSON
            assertThat(reason).as(shown).isNotNull();
            return;
        }
        assertThat(reason == null).as("accepted? %s; Jackson: %s, scanner: %s", shown, expected.reason(), reason).isEqualTo(expected.accepted());
        if (expected.accepted()) {
            assertThat(scanner.op()).as(shown).isEqualTo(expected.op());
            assertThat(Arrays.copyOfRange(line, scanner.keyFrom(), scanner.keyTo())).as(shown).isEqualTo(expected.key());
        } else if (JacksonChangeLine.strictUtf8(line)) {
            // where Jackson blames the UTF-8 of a line that is valid UTF-8 (it reads a stray byte order mark as a bad
            // sequence), the line is simply not JSON
            String kind = expected.reason().equals("not valid UTF-8") ? "not JSON" : kind(expected.reason());
            assertThat(kind(reason)).as(shown).isEqualTo(kind);
        } else {
            // a line that is not UTF-8 and may be not JSON as well: each parser names the first fault it meets, and
            // Jackson looks at UTF-8 only where it decodes
            assertThat(kind(reason)).as(shown).isIn("not valid UTF-8", "not JSON", kind(expected.reason()));
        }
    }

    private static boolean nulDecidesJacksonsEncoding(byte[] line) {
        for (int i = 0; i < Math.min(4, line.length); i++) {
            if (line[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static String kind(String reason) {
        return reason.startsWith("not JSON") ? "not JSON" : reason;
    }

    private String reason(String line) {
        return reason(line.getBytes(UTF_8));
    }

    private String reason(byte[] line) {
        return scanner.scan(line, 0, line.length);
    }

    private static byte[] bytes(String before, String hex, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(UTF_8));
        out.writeBytes(HexFormat.of().parseHex(hex));
        out.writeBytes(after.getBytes(UTF_8));
        return out.toByteArray();
    }

    // --- generated lines ---------------------------------------------------------------------------------------------

    /** A change record of random shape: members in random order, random white space, sometimes a bad op or key. */
    private static byte[] changeRecord(Random random) {
        StringBuilder json = new StringBuilder();
        List<String> members = new ArrayList<>();
        int op = random.nextInt(20);
        if (op > 0) {
            members.add(name(random, "op") + ":" + ws(random) + switch (op) {
                case 1 -> "null";
                case 2 -> "\"x\"";
                case 3 -> "7";
                case 4 -> "\"\\u0064\"";
                case 5 -> "[\"c\"]";
                default -> "\"" + "cud".charAt(random.nextInt(3)) + "\"";
            });
        }
        int key = random.nextInt(20);
        if (key > 0) {
            members.add(name(random, "key") + ":" + ws(random) + switch (key) {
                case 1 -> "null";
                case 2 -> "\"id\"";
                case 3 -> "[1]";
                case 4 -> number(random);
                default -> object(random, 0);
            });
        }
        int others = random.nextInt(6);
        for (int i = 0; i < others; i++) {
            members.add(string(random) + ws(random) + ":" + ws(random) + value(random, 0));
        }
        java.util.Collections.shuffle(members, random);
        json.append(ws(random)).append('{').append(ws(random));
        for (int i = 0; i < members.size(); i++) {
            json.append(i == 0 ? "" : "," + ws(random)).append(members.get(i)).append(ws(random));
        }
        json.append('}').append(ws(random));
        return json.toString().getBytes(UTF_8);
    }

    private static String name(Random random, String name) {
        return random.nextInt(30) == 0 ? "\"" + name.charAt(0) + "\\u00" + Integer.toHexString(name.charAt(1)) + name.substring(2) + "\"" : "\"" + name + "\"";
    }

    private static String value(Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 5 : 7);
        return switch (kind) {
            case 0 -> string(random);
            case 1 -> number(random);
            case 2 -> "true";
            case 3 -> "false";
            case 4 -> "null";
            case 5 -> object(random, depth + 1);
            default -> array(random, depth + 1);
        };
    }

    private static String object(Random random, int depth) {
        StringBuilder json = new StringBuilder("{").append(ws(random));
        int members = random.nextInt(4);
        for (int i = 0; i < members; i++) {
            json.append(i == 0 ? "" : "," + ws(random)).append(string(random)).append(ws(random)).append(':').append(ws(random))
                    .append(value(random, depth)).append(ws(random));
        }
        return json.append('}').toString();
    }

    private static String array(Random random, int depth) {
        StringBuilder json = new StringBuilder("[").append(ws(random));
        int values = random.nextInt(4);
        for (int i = 0; i < values; i++) {
            json.append(i == 0 ? "" : "," + ws(random)).append(value(random, depth)).append(ws(random));
        }
        return json.append(']').toString();
    }

    private static final String[] PIECES = {"a", "id", "S\u00e3o Paulo", "\u20ac", "\ud83d\ude00", "\u007f", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r",
        "\\t", "\\u00e9", "\\uD83D\\uDE00", "\\ud800", "\\uDFFF", "\\u0000", " ", "\u00a0", "\u2028", "\uffff", "x y"};

    private static String string(Random random) {
        StringBuilder text = new StringBuilder("\"");
        int pieces = random.nextInt(5);
        for (int i = 0; i < pieces; i++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.append('"').toString();
    }

    private static String number(Random random) {
        StringBuilder number = new StringBuilder();
        if (random.nextBoolean()) {
            number.append('-');
        }
        number.append(random.nextInt(4) == 0 ? "0" : Long.toString(1 + (random.nextLong() >>> (1 + random.nextInt(63)))));
        if (random.nextBoolean()) {
            number.append('.').append(random.nextInt(1000));
        }
        if (random.nextInt(3) == 0) {
            number.append(random.nextBoolean() ? 'e' : 'E').append(new String[] {"", "+", "-"}[random.nextInt(3)]).append(random.nextInt(400));
        }
        return number.toString();
    }

    private static String ws(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> " ";
            case 1 -> "\t";
            case 2 -> " \r\n ";
            default -> "";
        };
    }
}
