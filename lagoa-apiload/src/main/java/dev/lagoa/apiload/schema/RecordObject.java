package dev.lagoa.apiload.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A JSON object of a record as the loader reads it: its fields in two arrays, in order, instead of the
 * {@code LinkedHashMap} of a Jackson {@link ObjectNode}, whose entries, table and entry set were 40% of the memory a
 * batch of records took. It is a complete {@link ObjectNode} (lookups, changes, equality, serialization) through a
 * {@link Map} over the arrays; a lookup by name compares the names one by one, which for the few fields of a record's
 * objects costs less than hashing. The reader makes objects of at most {@link #MAX_FIELDS} fields this way, and larger
 * ones as Jackson does.
 *
 * <p>Not thread-safe, like any {@link ObjectNode}.
 */
public final class RecordObject extends ObjectNode {
    /** Objects with more fields are made with a hash map: a lookup by scanning would cost too much. */
    public static final int MAX_FIELDS = 32;

    private final Fields fields;

    private RecordObject(JsonNodeFactory nodes, Fields fields) {
        super(nodes, fields);
        this.fields = fields;
    }

    /**
     * The object of the first {@code size} names and values; it takes the values over, and may share the names with
     * other objects: it never writes into that array (a change of names is made in a copy).
     *
     * @param names distinct and non-null
     * @param values non-null, at the names' positions
     */
    public static RecordObject of(JsonNodeFactory nodes, String[] names, JsonNode[] values, int size) {
        Objects.requireNonNull(nodes, "nodes is null");
        if (size < 0 || size > names.length || size > values.length) {
            throw new IllegalArgumentException("size %d out of the arrays' bounds".formatted(size));
        }
        return new RecordObject(nodes, new Fields(names, values, size));
    }

    /** The name of the field at {@code index}, in the object's order. */
    public String fieldName(int index) {
        return fields.names[Objects.checkIndex(index, fields.size)];
    }

    /** The value of the field at {@code index}. */
    public JsonNode fieldValue(int index) {
        return fields.values[Objects.checkIndex(index, fields.size)];
    }

    /**
     * The position of {@code name} among the first {@code size} of {@code names}, or -1: compared by reference first
     * (the parser gives a name the same string each time), then by hash and content.
     */
    public static int indexOf(String[] names, int size, String name) {
        int hash = name.hashCode();
        for (int i = 0; i < size; i++) {
            String other = names[i];
            if (other == name || other.hashCode() == hash && other.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The fields as a map, in order. */
    private static final class Fields extends AbstractMap<String, JsonNode> {
        private String[] names;
        private JsonNode[] values;
        private int size;
        /** Whether {@link #names} is this object's own, to change: else it is copied first. */
        private boolean ownNames;

        Fields(String[] names, JsonNode[] values, int size) {
            this.names = names;
            this.values = values;
            this.size = size;
        }

        private int indexOf(Object name) {
            return name instanceof String text ? RecordObject.indexOf(names, size, text) : -1;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public JsonNode get(Object name) {
            int index = indexOf(name);
            return index < 0 ? null : values[index];
        }

        @Override
        public boolean containsKey(Object name) {
            return indexOf(name) >= 0;
        }

        @Override
        public JsonNode put(String name, JsonNode value) {
            Objects.requireNonNull(name, "name is null");
            int index = indexOf(name);
            if (index >= 0) {
                JsonNode old = values[index];
                values[index] = value;
                return old;
            }
            if (!ownNames || size == names.length) {
                names = Arrays.copyOf(names, Math.max(4, size * 2));
                ownNames = true;
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, names.length);
            }
            names[size] = name;
            values[size++] = value;
            return null;
        }

        @Override
        public JsonNode remove(Object name) {
            int index = indexOf(name);
            if (index < 0) {
                return null;
            }
            JsonNode old = values[index];
            removeAt(index);
            return old;
        }

        private void removeAt(int index) {
            if (!ownNames) {
                names = names.clone();
                ownNames = true;
            }
            System.arraycopy(names, index + 1, names, index, size - index - 1);
            System.arraycopy(values, index + 1, values, index, size - index - 1);
            size--;
            names[size] = null;
            values[size] = null;
        }

        @Override
        public void clear() {
            names = new String[4];
            ownNames = true;
            Arrays.fill(values, 0, size, null);
            size = 0;
        }

        @Override
        public Set<Entry<String, JsonNode>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return size;
                }

                @Override
                public Iterator<Entry<String, JsonNode>> iterator() {
                    return new Iterator<>() {
                        private int next;
                        private int last = -1;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        public Entry<String, JsonNode> next() {
                            if (next >= size) {
                                throw new NoSuchElementException();
                            }
                            last = next++;
                            return new Field(last);
                        }

                        @Override
                        public void remove() {
                            if (last < 0) {
                                throw new IllegalStateException("next() was not called, or the field was removed already");
                            }
                            removeAt(last);
                            next = last;
                            last = -1;
                        }
                    };
                }
            };
        }

        /** The field at a position, as {@link Map.Entry}: valid until a field is added or removed. */
        private final class Field implements Entry<String, JsonNode> {
            private final int index;

            Field(int index) {
                this.index = index;
            }

            @Override
            public String getKey() {
                return names[index];
            }

            @Override
            public JsonNode getValue() {
                return values[index];
            }

            @Override
            public JsonNode setValue(JsonNode value) {
                JsonNode old = values[index];
                values[index] = value;
                return old;
            }

            @Override
            public boolean equals(Object other) {
                return other instanceof Entry<?, ?> entry && getKey().equals(entry.getKey()) && Objects.equals(getValue(), entry.getValue());
            }

            @Override
            public int hashCode() {
                return getKey().hashCode() ^ Objects.hashCode(getValue());
            }

            @Override
            public String toString() {
                return getKey() + "=" + getValue();
            }
        }
    }
}
