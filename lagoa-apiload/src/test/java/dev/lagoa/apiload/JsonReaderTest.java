package dev.lagoa.apiload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.apiload.schema.Flattener;
import dev.lagoa.apiload.schema.RecordObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Records read into {@link RecordObject}s are the trees Jackson's own reader makes, and behave as its objects do. */
class JsonReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private static JsonNode read(String json, JsonReader.EarlierNames earlier) throws Exception {
        return JsonReader.read(json, earlier);
    }

    @Test
    void objectsAreTheTreesJacksonReadsWhateverTheirSizesAndRepeatedNames() throws Exception {
        Random random = new Random(7);
        JsonReader.EarlierNames earlier = new JsonReader.EarlierNames();
        Flattener byPosition = new Flattener(2, Set.of(), Map.of());
        Flattener byEntries = new Flattener(2, Set.of(), Map.of());
        for (int record = 0; record < 2_000; record++) {
            String json = object(random, 0);
            JsonNode read = read(json, earlier);
            JsonNode expected = JSON.readTree(json);
            assertThat(read).as(json).isEqualTo(expected);
            assertThat(expected).as(json).isEqualTo(read);
            assertThat(read.hashCode()).isEqualTo(expected.hashCode());
            assertThat(JSON.writeValueAsString(read)).isEqualTo(JSON.writeValueAsString(expected));
            // The flattener reads a RecordObject's fields by position, others through their entries: the same rows.
            assertThat(byPosition.flatten((ObjectNode) read, "t", record, "id")).isEqualTo(byEntries.flatten((ObjectNode) expected, "t", record, "id"));
        }
    }

    /** An object of 0 to 40 fields (past {@link RecordObject#MAX_FIELDS} at times), names repeated at times, nested. */
    private static String object(Random random, int depth) {
        int count = random.nextInt(10) == 0 ? random.nextInt(41) : random.nextInt(14);
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                json.append(',');
            }
            String name = random.nextInt(8) == 0 ? "f" + random.nextInt(Math.max(1, i)) : "f" + i;
            json.append('"').append(name).append("\":");
            int kind = random.nextInt(depth < 3 ? 6 : 4);
            json.append(switch (kind) {
                case 0 -> "\"t" + random.nextInt(100) + "\"";
                case 1 -> Integer.toString(random.nextInt());
                case 2 -> "1.50";
                case 3 -> "null";
                case 4 -> object(random, depth + 1);
                default -> "[" + object(random, depth + 1) + ",1]";
            });
        }
        return json.append('}').toString();
    }

    @Test
    void aNameGivenTwiceKeepsItsFirstPlaceAndItsLastValue() throws Exception {
        JsonNode read = read("{\"a\":1,\"b\":2,\"a\":3}", new JsonReader.EarlierNames());

        assertThat(read).isInstanceOf(RecordObject.class);
        assertThat(read.toString()).isEqualTo("{\"a\":3,\"b\":2}");
    }

    @Test
    void largeObjectsAreJacksonsOwnAndKeepEveryField() throws Exception {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 100; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i % 90).append("\":").append(i);
        }
        JsonNode read = read(json.append('}').toString(), new JsonReader.EarlierNames());

        assertThat(read).isNotInstanceOf(RecordObject.class).isInstanceOf(ObjectNode.class);
        assertThat(read.size()).isEqualTo(90);
        assertThat(read.get("k5").intValue()).isEqualTo(95);
        assertThat(read).isEqualTo(JSON.readTree(json.toString()));
    }

    @Test
    void objectsWithTheNamesOfAnEarlierOneChangeApart() throws Exception {
        JsonReader.EarlierNames earlier = new JsonReader.EarlierNames();
        ObjectNode first = (ObjectNode) read("{\"a\":1,\"b\":{\"c\":1,\"d\":2},\"e\":3}", earlier);
        ObjectNode second = (ObjectNode) read("{\"a\":4,\"b\":{\"c\":5,\"d\":6},\"e\":7}", earlier);
        ObjectNode prefix = (ObjectNode) read("{\"a\":8,\"b\":{\"c\":9}}", earlier);
        ObjectNode other = (ObjectNode) read("{\"a\":10,\"x\":11,\"e\":12}", earlier);

        second.remove("a");
        ((ObjectNode) second.get("b")).put("z", 0);
        prefix.put("q", 1);
        other.removeAll();

        assertThat(first.toString()).isEqualTo("{\"a\":1,\"b\":{\"c\":1,\"d\":2},\"e\":3}");
        assertThat(second.toString()).isEqualTo("{\"b\":{\"c\":5,\"d\":6,\"z\":0},\"e\":7}");
        assertThat(prefix.toString()).isEqualTo("{\"a\":8,\"b\":{\"c\":9},\"q\":1}");
        assertThat(other.toString()).isEqualTo("{}");
        assertThat(read("{\"a\":13,\"b\":{\"c\":14,\"d\":15},\"e\":16}", earlier).toString()).isEqualTo("{\"a\":13,\"b\":{\"c\":14,\"d\":15},\"e\":16}");
    }

    @Test
    void aRecordObjectIsAMutableObjectNode() throws Exception {
        ObjectNode object = (ObjectNode) read("{\"a\":1,\"b\":{\"c\":\"x\"},\"d\":true}", new JsonReader.EarlierNames());

        assertThat(object.get("a").intValue()).isEqualTo(1);
        assertThat(object.at("/b/c").textValue()).isEqualTo("x");
        assertThat(object.has("z")).isFalse();
        assertThat(object.get(new String("d")).booleanValue()).isTrue();

        object.put("a", 10);
        object.put("e", "new");
        object.remove("b");
        assertThat(object.toString()).isEqualTo("{\"a\":10,\"d\":true,\"e\":\"new\"}");

        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("d")) {
                fields.remove();
            } else if (field.getKey().equals("e")) {
                field.setValue(JsonNodeFactory.instance.textNode("set"));
            }
        }
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("a", "e");
        assertThat(object).isEqualTo(JSON.readTree("{\"a\":10,\"e\":\"set\"}"));
        assertThat(object.deepCopy()).isEqualTo(object);

        object.removeAll();
        assertThat(object.isEmpty()).isTrue();
        assertThat(object.toString()).isEqualTo("{}");
    }
}
