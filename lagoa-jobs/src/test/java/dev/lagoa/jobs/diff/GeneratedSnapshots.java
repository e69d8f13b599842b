package dev.lagoa.jobs.diff;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Two generated snapshots with every kind of record the diff meets: nested objects and arrays, nulls, unicode,
 * numbers written differently with the same value, fields in another order, string and number keys, inserts,
 * updates, deletes, duplicated keys on either side, malformed lines, values that are not objects and records without
 * their key; yesterday as JSON Lines and a JSON array, today as JSON Lines and gzipped JSON Lines.
 */
public final class GeneratedSnapshots {
    private static final String[] NAMES = {"Café", "Ação", "naïve", "日本", "emoji 😀", "plain", "quote \\\" inside", "tab\\tand\\nnewline"};

    private GeneratedSnapshots() {}

    public static void write(Path yesterday, Path today, int records, Random random) throws IOException {
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            String id = i % 97 == 0 ? "\"" + i + "\"" : Integer.toString(i);
            String loja = "\"L" + (i % 3) + "\"";
            String record = record(id, loja, i, random, false);
            int fate = random.nextInt(100);
            if (fate < 5) {
                before.add(record); // deleted
            } else if (fate < 10) {
                after.add(record); // inserted
            } else if (fate < 35) {
                before.add(record);
                after.add(record(id, loja, i, random, true)); // updated, or equal after all
            } else if (fate < 45) {
                before.add(record);
                after.add(reordered(id, loja, i)); // the same values, written differently
                before.set(before.size() - 1, plain(id, loja, i));
            } else if (fate < 46) {
                before.add(record);
                before.add(record(id, loja, i, random, true)); // duplicated yesterday
                after.add(record);
            } else if (fate < 47) {
                before.add(record);
                after.add(record);
                after.add(record); // duplicated today
            } else {
                before.add(record);
                after.add(record);
            }
            if (i % 401 == 0) {
                before.add("{\"id\":" + i + ",\"broken\":");
                after.add("[1,2,3]");
            }
            if (i % 733 == 0) {
                after.add("{\"sem_id\":true,\"loja\":" + loja + "}");
                before.add("\"just a string\"");
            }
        }
        Files.createDirectories(yesterday);
        Files.createDirectories(today);
        int half = before.size() / 2;
        Files.writeString(yesterday.resolve("a.jsonl"), String.join("\n", before.subList(0, half)) + "\n", UTF_8);
        List<String> elements = before.subList(half, before.size()).stream().filter(line -> line.startsWith("{") && line.endsWith("}")).toList();
        Files.writeString(yesterday.resolve("b.json"), "[\n" + String.join(",\n", elements) + "\n]\n", UTF_8);
        int split = after.size() / 3;
        Files.writeString(today.resolve("a.jsonl"), String.join("\n", after.subList(0, split * 2)) + "\n", UTF_8);
        try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(today.resolve("b.jsonl.gz")))) {
            gzip.write(String.join("\n", after.subList(split * 2, after.size())).getBytes(UTF_8));
        }
    }

    private static String record(String id, String loja, int i, Random random, boolean changed) {
        int price = changed && random.nextBoolean() ? i + 1 : i;
        String name = NAMES[(i + (changed && random.nextInt(4) == 0 ? 1 : 0)) % NAMES.length];
        String tags = changed && random.nextInt(5) == 0 ? "[\"b\",\"a\"]" : "[\"a\",\"b\"]";
        String obs = changed && random.nextInt(6) == 0 ? "" : ",\"obs\":null";
        String seen = changed ? "2026-11-21" : "2026-11-20";
        return "{\"id\":%s,\"loja\":%s,\"nome\":\"%s\",\"preco\":%d.50,\"tags\":%s,\"cliente\":{\"id\":%d,\"endereco\":{\"uf\":\"%s\",\"numero\":%s}}%s,\"meta\":{\"visto_em\":\"%s\"}}"
                .formatted(id, loja, name, price, tags, i % 50, changed && random.nextInt(7) == 0 ? "RJ" : "SP", i % 11 == 0 ? "null" : "12", obs, seen);
    }

    private static String plain(String id, String loja, int i) {
        return "{\"id\":%s,\"loja\":%s,\"v\":1.0,\"lista\":[1,{\"x\":null}]}".formatted(id, loja);
    }

    private static String reordered(String id, String loja, int i) {
        return "{ \"lista\" : [1e0, {\"x\": null}], \"v\": 1, \"loja\": %s, \"id\": %s }".formatted(loja, id);
    }
}
