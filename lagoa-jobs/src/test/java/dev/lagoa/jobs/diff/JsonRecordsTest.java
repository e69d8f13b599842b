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
}
