package dev.lagoa.jobs.diff;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The paths whose values differ between two records, read from their {@link CanonicalForm}s: the same paths, in the
 * same order, as {@link JsonRecords#changedPaths} gives on the records' trees, without building the trees. Two values
 * are equal exactly when their canonical bytes are (numbers by value, fields in any order, ignored fields and, when
 * asked, null fields already left out of the forms), so only the branches whose bytes differ are walked.
 */
final class ChangedPaths {
    /** The canonical form of an empty object, which an inserted or deleted record is compared with. */
    static final byte[] EMPTY_OBJECT = {'{', '}'};

    private ChangedPaths() {}

    /**
     * The changed paths from {@code before} to {@code after}, or null when a field name holds a surrogate that is not
     * half of a pair (its canonical bytes are no Java string's UTF-8), which only the tree can name.
     */
    static List<String> between(byte[] before, byte[] after) {
        List<String> changed = new ArrayList<>();
        if (Arrays.equals(before, after)) {
            return changed;
        }
        return compare("", before, 0, after, 0, changed) ? changed : null;
    }

    /** A field of an object that differs: its name and where its value starts on each side (-1 where it is absent). */
    private record Field(String name, int before, int after) {}

    private static boolean compare(String path, byte[] a, int at, byte[] b, int bt, List<String> changed) {
        if (a[at] == '{' && b[bt] == '{') {
            List<Field> fields = new ArrayList<>();
            int i = at + 1;
            int j = bt + 1;
            while (a[i] != '}' || b[j] != '}') {
                int order = a[i] == '}' ? 1 : b[j] == '}' ? -1 : compareTexts(a, i, b, j);
                String name = name(order <= 0 ? a : b, order <= 0 ? i : j);
                if (name == null) {
                    return false;
                }
                if (order < 0) {
                    fields.add(new Field(name, afterText(a, i), -1));
                    i = skip(a, afterText(a, i));
                } else if (order > 0) {
                    fields.add(new Field(name, -1, afterText(b, j)));
                    j = skip(b, afterText(b, j));
                } else {
                    int left = afterText(a, i);
                    int right = afterText(b, j);
                    i = skip(a, left);
                    j = skip(b, right);
                    if (!Arrays.equals(a, left, i, b, right, j)) {
                        fields.add(new Field(name, left, right));
                    }
                }
            }
            // the forms order names by their UTF-8 bytes, the trees' paths by their UTF-16 units
            fields.sort(Comparator.comparing(Field::name));
            for (Field field : fields) {
                String child = path.isEmpty() ? field.name() : path + "." + field.name();
                if (field.before() < 0 || field.after() < 0) {
                    changed.add(child);
                } else if (!compare(child, a, field.before(), b, field.after(), changed)) {
                    return false;
                }
            }
            return true;
        }
        if (a[at] == '[' && b[bt] == '[' && elements(a, at) == elements(b, bt)) {
            int i = at + 1;
            int j = bt + 1;
            for (int index = 0; a[i] != ']'; index++) {
                int left = i;
                int right = j;
                i = skip(a, i);
                j = skip(b, j);
                if (!Arrays.equals(a, left, i, b, right, j) && !compare(path + "[" + index + "]", a, left, b, right, changed)) {
                    return false;
                }
            }
            return true;
        }
        changed.add(path);
        return true;
    }

    private static int elements(byte[] form, int at) {
        int count = 0;
        for (int i = at + 1; form[i] != ']'; i = skip(form, i)) {
            count++;
        }
        return count;
    }

    /** Where the value that starts at {@code at} ends. */
    private static int skip(byte[] form, int at) {
        switch (form[at]) {
            case 's', 'n' -> {
                return afterText(form, at + 1);
            }
            case '{' -> {
                int i = at + 1;
                while (form[i] != '}') {
                    i = skip(form, afterText(form, i));
                }
                return i + 1;
            }
            case '[' -> {
                int i = at + 1;
                while (form[i] != ']') {
                    i = skip(form, i);
                }
                return i + 1;
            }
            default -> {
                return at + 1; // t, f, z
            }
        }
    }

    private static int textLength(byte[] form, int at) {
        return ((form[at] & 0xff) << 24) | ((form[at + 1] & 0xff) << 16) | ((form[at + 2] & 0xff) << 8) | (form[at + 3] & 0xff);
    }

    private static int afterText(byte[] form, int at) {
        return at + 4 + textLength(form, at);
    }

    private static int compareTexts(byte[] a, int i, byte[] b, int j) {
        return Arrays.compareUnsigned(a, i + 4, afterText(a, i), b, j + 4, afterText(b, j));
    }

    /** The name whose text starts at {@code at}, or null when it holds an unpaired surrogate (WTF-8's ED A0..ED BF). */
    private static String name(byte[] form, int at) {
        int end = afterText(form, at);
        for (int i = at + 4; i + 1 < end; i++) {
            if (form[i] == (byte) 0xED && (form[i + 1] & 0xff) >= 0xA0) {
                return null;
            }
        }
        return new String(form, at + 4, end - at - 4, StandardCharsets.UTF_8);
    }
}
