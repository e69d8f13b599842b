package dev.lagoa.apiload.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Flattening: a flattener that has seen other records gives each record the rows a new one gives it. */
class FlattenerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nestedObjectsBecomeFieldsAndArraysChildRows() throws Exception {
        Flattener flattener = new Flattener(1, Set.of("/doc"), Map.of());

        List<FlatRow> rows = flattener.flatten(record("{\"id\":1,\"a\":{\"b\":2,\"c\":{\"d\":3}},\"doc\":{\"x\":1},\"tags\":[\"p\",{\"q\":4}]}"), "t", 0, "r1");

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).fields()).containsExactly(Map.entry("/id", node("1")), Map.entry("/a/b", node("2")), Map.entry("/a/c", node("{\"d\":3}")),
                Map.entry("/doc", node("{\"x\":1}")));
        assertThat(rows.get(1).table()).isEqualTo("t__tags");
        assertThat(rows.get(1).fields()).containsExactly(Map.entry(Flattener.VALUE_FIELD, node("\"p\"")));
        assertThat(rows.get(2).fields()).containsExactly(Map.entry("/q", node("4")));
        assertThat(rows.get(2).parentId()).contains("r1");
        assertThat(rows.get(2).listIndex()).contains(1);
    }

    @Test
    void anAliasedFieldTakesThePlaceOfTheFieldItStandsForAndTheLastValueWins() throws Exception {
        Flattener flattener = new Flattener(2, Set.of(), Map.of("/nome_completo", "/nome"));

        FlatRow row = flattener.flatten(record("{\"nome\":\"a\",\"idade\":3,\"nome_completo\":\"b\"}"), "t", 0, "r1").get(0);

        assertThat(row.fields()).containsExactly(Map.entry("/nome", node("\"b\"")), Map.entry("/idade", node("3")));
        assertThat(row.field("/nome")).isEqualTo(node("\"b\""));
        assertThat(row.field("/nome_completo")).isNull();
    }

    @Test
    void recordsOfShiftingShapesGetTheRowsAFreshFlattenerGivesThem() throws Exception {
        Random random = new Random(42);
        List<String> keys = List.of("id", "nome", "a/b", "c~d", "preço", "x", "y", "z");
        Flattener shared = new Flattener(2, Set.of("/doc"), Map.of("/y", "/x"));
        for (int i = 0; i < 3_000; i++) {
            ObjectNode record = JSON.createObjectNode();
            List<String> shuffled = new ArrayList<>(keys);
            if (i % 3 != 0) {
                // mostly the same order, as an API gives it; now and then another
                Collections.shuffle(shuffled, random);
            }
            for (String key : shuffled.subList(0, 3 + random.nextInt(shuffled.size() - 3))) {
                switch (random.nextInt(4)) {
                    case 0 -> record.put(key, random.nextInt(100));
                    case 1 -> record.putObject(key).put("k" + random.nextInt(3), "v").putObject("deep").put("n", i);
                    case 2 -> record.putArray(key).add(i).addObject().put("e", random.nextBoolean());
                    default -> record.put(key, "s" + i);
                }
            }
            // keys that are data: more distinct paths than the flattener remembers
            ObjectNode days = record.putObject("days");
            for (int d = 0; d < 5; d++) {
                days.put("2026-" + (i * 5 + d), d);
            }
            record.putObject("doc").put("whole", true);

            List<FlatRow> fresh = new Flattener(2, Set.of("/doc"), Map.of("/y", "/x")).flatten(record, "t", i, "r" + i);

            assertThat(shared.flatten(record, "t", i, "r" + i)).as("record %d: %s", i, record).isEqualTo(fresh);
        }
    }

    private static ObjectNode record(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    private static JsonNode node(String json) throws Exception {
        return JSON.readTree(json);
    }
}
