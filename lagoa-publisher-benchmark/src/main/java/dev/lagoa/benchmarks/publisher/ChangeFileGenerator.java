package dev.lagoa.benchmarks.publisher;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Change files as the diff job writes them (JSON Lines in the Debezium envelope: {@code op}, {@code key},
 * {@code before}, {@code after}, {@code changed_fields}, {@code date}, {@code source}), seeded and byte-for-byte
 * reproducible. Of every 7 records about 1 is an insert, 5 are updates and 1 is a delete (the mix of the diff
 * benchmark); an update carries both versions of a product, an insert or a delete one, so records are 540 to
 * 820 bytes, about 720 on average, with UTF-8 accents.
 * An update's two versions differ in the changed field, {@code versao} and {@code atualizado_em}.
 */
final class ChangeFileGenerator {
    private static final String[] NAMES = {"Arroz agulhinha tipo 1 5kg", "Feijão carioca 1kg", "Café torrado e moído 500g",
        "Açúcar refinado 1kg", "Óleo de soja 900ml", "Macarrão espaguete 500g", "Leite UHT integral 1L", "Farinha de mandioca 1kg",
        "Sabão em pó 1,6kg", "Detergente líquido 500ml", "Biscoito cream cracker 400g", "Molho de tomate tradicional 340g"};
    private static final String[] CATEGORIES = {"mercearia", "bebidas", "limpeza", "higiene", "padaria", "hortifrúti"};
    private static final String[] STATES = {"SP", "MG", "RS", "PR", "SC", "RJ", "BA", "PE", "GO", "CE"};
    private static final String[] FIELDS = {"preco", "estoque.quantidade", "ativo", "uf", "categoria"};
    private static final String ALL_FIELDS =
            "[\"ativo\",\"atualizado_em\",\"categoria\",\"estoque\",\"id\",\"nome\",\"preco\",\"uf\",\"versao\"]";

    /** What was generated: the files, the records and their bytes (the newlines included), by operation. */
    record Generated(List<Path> files, long records, long bytes, long c, long u, long d) {
        double averageRecordBytes() {
            // the newline ends each line in the file but is not part of the record Kafka gets
            return records == 0 ? 0 : (bytes - records) / (double) records;
        }
    }

    private final long seed;
    private final LocalDate date;

    ChangeFileGenerator(long seed, LocalDate date) {
        this.seed = seed;
        this.date = date;
    }

    /** Writes {@code records} change records into {@code files} files {@code part-00000.json}... of {@code folder}. */
    Generated write(Path folder, long records, int files) throws IOException {
        Files.createDirectories(folder);
        SplittableRandom random = new SplittableRandom(seed);
        List<Path> written = new ArrayList<>();
        long bytes = 0;
        long[] ops = new long[3];
        long id = 0;
        for (int f = 0; f < files; f++) {
            long inFile = records / files + (f < records % files ? 1 : 0);
            Path file = folder.resolve("part-%05d.json".formatted(f));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                for (long i = 0; i < inFile; i++) {
                    id++;
                    int pick = random.nextInt(7);
                    int op = pick == 0 ? 0 : pick == 6 ? 2 : 1;
                    ops[op]++;
                    byte[] line = (record(random, op, id, i + 1) + "\n").getBytes(UTF_8);
                    out.write(line);
                    bytes += line.length;
                }
            }
            written.add(file);
        }
        return new Generated(written, records, bytes, ops[0], ops[1], ops[2]);
    }

    private String record(SplittableRandom random, int op, long id, long lineInFile) {
        StringBuilder json = new StringBuilder(1024);
        String opText = op == 0 ? "c" : op == 1 ? "u" : "d";
        json.append("{\"op\":\"").append(opText).append("\",\"key\":{\"id\":").append(id).append('}');
        long productSeed = random.nextLong();
        int version = 1 + random.nextInt(40);
        String before;
        String after;
        String changed;
        if (op == 1) {
            // an update changes one field of yesterday's product, and bumps versao and atualizado_em
            String field = FIELDS[random.nextInt(FIELDS.length)];
            before = product(productSeed, id, version, date.minusDays(1), null);
            after = product(productSeed, id, version + 1, date, field);
            changed = "[\"atualizado_em\",\"" + field + "\",\"versao\"]";
        } else {
            String product = product(productSeed, id, op == 0 ? 1 : version, op == 0 ? date : date.minusDays(1), null);
            before = op == 0 ? null : product;
            after = op == 0 ? product : null;
            changed = ALL_FIELDS;
        }
        json.append(",\"before\":").append(before).append(",\"after\":").append(after);
        json.append(",\"changed_fields\":").append(changed);
        json.append(",\"date\":\"").append(date).append('"');
        json.append(",\"source\":{\"system\":\"lagoa\",\"job\":\"lagoa-diff\",\"run_id\":\"jr_")
                .append(date.toString().replace("-", "")).append("T020000_").append("%08x".formatted(seed & 0xffffffffL)).append('"');
        json.append(",\"yesterday\":").append(op == 0 ? "null" : position(random, date.minusDays(1), lineInFile));
        json.append(",\"today\":").append(op == 2 ? "null" : position(random, date, lineInFile));
        json.append("}}");
        return json.toString();
    }

    private static String position(SplittableRandom random, LocalDate day, long line) {
        return "{\"file\":\"s3://lagoa-raw/produtos/%s/part-%d.jsonl\",\"line\":%d,\"offset\":%d}"
                .formatted(day, random.nextInt(4), line, line * 412 + random.nextInt(400));
    }

    /** A product of the catalogue, the same for the same {@code productSeed}, except for {@code changedField}. */
    private static String product(long productSeed, long id, int version, LocalDate day, String changedField) {
        SplittableRandom random = new SplittableRandom(productSeed);
        String name = NAMES[random.nextInt(NAMES.length)];
        String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
        int cents = 100 + random.nextInt(30_000);
        int stock = random.nextInt(5000);
        String state = STATES[random.nextInt(STATES.length)];
        boolean active = random.nextInt(10) > 0;
        int hour = random.nextInt(24);
        int minute = random.nextInt(60);
        if (changedField != null) {
            switch (changedField) {
                case "preco" -> cents = Math.max(100, cents + random.nextInt(2000) - 1000);
                case "estoque.quantidade" -> stock = Math.max(0, stock - 1 - random.nextInt(100));
                case "ativo" -> active = !active;
                case "uf" -> state = STATES[(List.of(STATES).indexOf(state) + 1) % STATES.length];
                default -> category = CATEGORIES[(List.of(CATEGORIES).indexOf(category) + 1) % CATEGORIES.length];
            }
            hour = random.nextInt(24);
        }
        return String.format(Locale.ROOT,
                "{\"id\":%d,\"nome\":\"%s\",\"categoria\":\"%s\",\"preco\":%d.%02d,\"estoque\":{\"quantidade\":%d},\"uf\":\"%s\","
                        + "\"ativo\":%s,\"versao\":%d,\"atualizado_em\":\"%sT%02d:%02d:00-03:00\"}",
                id, name, category, cents / 100, cents % 100, stock, state, active, version, day, hour, minute);
    }
}
