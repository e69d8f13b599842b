package dev.lagoa.jobs.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonRecordsTest {
    private final JsonRecords plain = records(Set.of(), false);

    private static JsonRecords records(Set<String> ignored, boolean nullEqualsAbsent) {
        return new JsonRecords(new DiffOptions(List.of("id"), ignored, nullEqualsAbsent, 1 << 20, 1000));
    }

    private JsonNode json(String text) throws Exception {
        return plain.mapper().readTree(text);
    }

    private boolean same(JsonRecords records, String a, String b) throws Exception {
        long[] left = records.digest(json(a));
        long[] right = records.digest(json(b));
        boolean equal = left[0] == right[0] && left[1] == right[1];
        assertThat(records.changedPaths(json(a), json(b)).isEmpty()).as("changed paths agree with the digest").isEqualTo(equal);
        return equal;
    }

    @Test
    void keyOrderAndWhitespaceNeverMakeAChange() throws Exception {
        assertThat(same(plain, "{\"id\":1,\"a\":{\"x\":1,\"y\":2}}", "{ \"a\" : { \"y\" : 2, \"x\" : 1 } ,\n \"id\" : 1 }")).isTrue();
    }

    @Test
    void numbersCompareByValue() throws Exception {
        assertThat(same(plain, "{\"v\":1}", "{\"v\":1.0}")).isTrue();
        assertThat(same(plain, "{\"v\":100}", "{\"v\":1e2}")).isTrue();
        assertThat(same(plain, "{\"v\":0}", "{\"v\":-0.00}")).isTrue();
        assertThat(same(plain, "{\"v\":1.5}", "{\"v\":1.50}")).isTrue();
        assertThat(same(plain, "{\"v\":123456789012345678901234567890}", "{\"v\":123456789012345678901234567891}")).isFalse();
        assertThat(same(plain, "{\"v\":0.1}", "{\"v\":0.10000000000000001}")).isFalse();
    }

    @Test
    void valuesOfDifferentJsonTypesDiffer() throws Exception {
        assertThat(same(plain, "{\"v\":true}", "{\"v\":\"true\"}")).isFalse();
        assertThat(same(plain, "{\"v\":1}", "{\"v\":\"1\"}")).isFalse();
        assertThat(same(plain, "{\"v\":null}", "{\"v\":\"null\"}")).isFalse();
        assertThat(same(plain, "{\"v\":[]}", "{\"v\":{}}")).isFalse();
    }

    @Test
    void absentAndNullDifferUnlessConfigured() throws Exception {
        assertThat(same(plain, "{\"id\":1,\"v\":null}", "{\"id\":1}")).isFalse();
        assertThat(plain.changedPaths(json("{\"id\":1,\"v\":null}"), json("{\"id\":1}"))).containsExactly("v");
        JsonRecords lenient = records(Set.of(), true);
        assertThat(same(lenient, "{\"id\":1,\"v\":null,\"o\":{\"x\":null}}", "{\"id\":1,\"o\":{}}")).isTrue();
    }

    @Test
    void arraysCompareInOrder() throws Exception {
        assertThat(same(plain, "{\"t\":[1,2]}", "{\"t\":[2,1]}")).isFalse();
        assertThat(plain.changedPaths(json("{\"t\":[1,2]}"), json("{\"t\":[2,1]}"))).containsExactly("t[0]", "t[1]");
        assertThat(plain.changedPaths(json("{\"t\":[1,2]}"), json("{\"t\":[1,2,3]}"))).containsExactly("t");
        assertThat(plain.changedPaths(json("{\"i\":[{\"p\":1},{\"p\":2}]}"), json("{\"i\":[{\"p\":1},{\"p\":3}]}"))).containsExactly("i[1].p");
    }

    @Test
    void changedFieldsNameNestedPathsAddedAndRemovedFields() throws Exception {
        assertThat(plain.changedPaths(
                json("{\"id\":1,\"cliente\":{\"nome\":\"Ana\",\"endereco\":{\"uf\":\"SP\"}},\"velho\":1}"),
                json("{\"id\":1,\"cliente\":{\"nome\":\"Ana\",\"endereco\":{\"uf\":\"RJ\"}},\"novo\":1}")))
                .containsExactly("cliente.endereco.uf", "novo", "velho");
    }

    @Test
    void ignoredFieldsAreNeverCompared() throws Exception {
        JsonRecords ignoring = records(Set.of("atualizado_em", "itens.auditoria"), false);
        assertThat(same(ignoring, "{\"id\":1,\"atualizado_em\":\"a\",\"itens\":[{\"p\":1,\"auditoria\":1}]}",
                "{\"id\":1,\"itens\":[{\"p\":1,\"auditoria\":2}]}")).isTrue();
        assertThat(same(ignoring, "{\"id\":1,\"x\":{\"atualizado_em\":1}}", "{\"id\":1,\"x\":{\"atualizado_em\":2}}"))
                .as("only the named path is ignored").isFalse();
    }

    @Test
    void keysAreCanonicalJsonObjectsOfTheKeyPaths() throws Exception {
        JsonRecords composite = new JsonRecords(new DiffOptions(List.of("cliente.id", "data"), Set.of(), false, 1 << 20, 1000));
        String[] problem = new String[1];
        assertThat(composite.key(json("{\"cliente\":{\"id\":7.0},\"data\":\"2026-11-21\"}"), problem))
                .isEqualTo("{\"cliente.id\":7,\"data\":\"2026-11-21\"}");
        assertThat(plain.key(json("{\"id\":\"7\"}"), problem)).isEqualTo("{\"id\":\"7\"}");
        assertThat(plain.key(json("{\"id\":null}"), problem)).isNull();
        assertThat(problem[0]).isEqualTo("record has no value for key field 'id'");
        assertThat(plain.key(json("{\"id\":{\"a\":1}}"), problem)).isNull();
        assertThat(problem[0]).isEqualTo("key field 'id' holds an object; keys must be strings, numbers or booleans");
    }

    /** The streamed key and digest are the tree's, whatever the options; anything but the plain case goes to the tree. */
    @Test
    void theStreamedKeyAndDigestAreTheTreesOrNothing() throws Exception {
        List<String> records = new java.util.ArrayList<>(List.of(
                "{\"id\":1,\"a\":{\"y\":2,\"x\":[1,{\"b\":null,\"a\":1.50}]},\"s\":\"Caf\u00e9 \\\"q\\\" \\u00e9 \ud83d\ude00\"}",
                "{\"z\":true,\"id\":\"14\",\"obs\":null,\"v\":1e2,\"w\":-0.00,\"big\":123456789012345678901234567890}",
                "{\"cliente\":{\"id\":1.0,\"nome\":\"Ana\"},\"data\":\"2026-11-20\",\"id\":9223372036854775807,\"meta\":{\"visto_em\":\"x\"}}",
                "{\"id\":false,\"a.b\":1,\"a\":{\"b\":2},\"arr\":[[],{},[null]],\"e\":{}}",
                "{\"id\":2,\"cliente\":{\"id\":[1]}}",
                "{\"id\":-0,\"n\":[100.0,0.10,-0.5,1.000,-0.0,0.0,10.50,-12.340,1e2,1.5E-3,0,-7,123456789012.000100]}", "{\"id\":100.0}", "{\"id\":-0.0}", "{\"id\":null}", "{\"sem\":1}", "[1]", "\"x\"", "{\"id\":1} {}", "{\"id\":1,\"id\":2}", "{\"b\":1,\"id\":3,\"b\":null}", "{\"id\":3,\"o\":{\"x\":1,\"x\":1}}", "{\"id\":1,", "{\"id\":{\"n\":1}}"));
        int handWritten = records.size();
        StringBuilder wide = new StringBuilder("{\"id\":0");
        for (int i = 99; i >= 0; i--) {
            wide.append(",\"f").append(i).append("\":").append(i);
        }
        records.add(wide.append('}').toString());
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 300; i++) {
            StringBuilder record = new StringBuilder("{");
            List<String> fields = new java.util.ArrayList<>(List.of("\"id\":" + (random.nextBoolean() ? i : "\"" + i + "\""),
                    "\"cliente\":{\"id\":" + random.nextInt(5) + (random.nextBoolean() ? ".0" : "") + ",\"x\":" + (random.nextBoolean() ? "null" : "[1,2]") + "}",
                    "\"data\":\"d" + random.nextInt(3) + "\"", "\"meta\":{\"visto_em\":" + random.nextInt() + "}", "\"n\":" + random.nextInt(1000) / 10.0,
                    "\"o\":null"));
            java.util.Collections.shuffle(fields, random);
            record.append(String.join(",", fields)).append('}');
            records.add(record.toString());
        }
        for (List<String> keys : List.of(List.of("id"), List.of("cliente.id", "data"), List.of("a.b"))) {
            for (Set<String> ignored : List.of(Set.<String>of(), Set.of("meta.visto_em", "a", "cliente.x"), Set.of("cliente"))) {
                for (boolean nullEqualsAbsent : List.of(false, true)) {
                    if (ignored.contains("cliente") && keys.contains("cliente.id")) {
                        continue; // a key field cannot be ignored
                    }
                    JsonRecords records1 = new JsonRecords(new DiffOptions(keys, ignored, nullEqualsAbsent, 1 << 20, 1000));
                    for (int r = 0; r < records.size(); r++) {
                        String text = records.get(r);
                        byte[] bytes = ("  " + text + " ").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        long[] streamed = new long[2];
                        String key = records1.keyAndDigest(bytes, 2, bytes.length - 3, streamed);
                        JsonNode tree;
                        try {
                            tree = records1.mapper().readTree(text);
                        } catch (java.io.IOException e) {
                            assertThat(key).as("malformed: %s", text).isNull();
                            continue;
                        }
                        String treeKey = tree.isObject() ? records1.key(tree, new String[1]) : null;
                        if (treeKey == null || r > handWritten && ignored.isEmpty()) {
                            assertThat(key).as("key of %s by %s", text, keys).isEqualTo(treeKey);
                        } else if (key != null) {
                            // the unusual (an ignored field on the way to a key, a wide unsorted object) may be left to the tree
                            assertThat(key).as("key of %s by %s", text, keys).isEqualTo(treeKey);
                        }
                        if (key != null) {
                            assertThat(streamed).as("digest of %s, ignoring %s, null equals absent %s", text, ignored, nullEqualsAbsent)
                                    .containsExactly(records1.digest(tree));
                        }
                    }
                }
            }
        }
    }
}
