package dev.lagoa.benchmarks.apiload;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Seeded orders with 17 leaf fields, 5 of them in nested objects ({@code cliente {nome, email}}, {@code endereco {cidade,
 * uf, geo {lat, lon}}}); from the middle on, an 18th field ({@code desconto}) appears, so the loader evolves its table
 * during the run. The same record is produced as JSON (for the loader), as a CSV line of the flattened columns (for
 * COPY) and as statement parameters (for INSERT): record {@code i} is the same in all three.
 */
final class RecordGenerator {
    /** The flattened columns, in the loader's order, and their PostgreSQL types as the loader infers them. */
    static final String[][] COLUMNS = {
            {"id", "integer"}, {"sku", "text"}, {"nome", "text"}, {"categoria", "text"}, {"preco", "numeric"}, {"estoque", "integer"},
            {"ativo", "boolean"}, {"avaliacao", "numeric"}, {"criado_em", "text"}, {"cliente__nome", "text"}, {"cliente__email", "text"},
            {"cliente__documento", "text"}, {"endereco__cidade", "text"}, {"endereco__uf", "text"}, {"endereco__geo__lat", "numeric"},
            {"endereco__geo__lon", "numeric"}, {"canal", "text"}, {"desconto", "numeric"}};
    private static final String[] NOMES = {"Camiseta básica", "Caneca esmaltada", "Café torrado 500g", "Sandália couro", "Fone sem fio",
            "Mochila reforçada", "Açúcar demerara", "Pão de queijo congelado"};
    private static final String[] CATEGORIAS = {"vestuário", "casa", "alimentos", "calçados", "eletrônicos"};
    private static final String[] CIDADES = {"São Paulo", "Belém", "Curitiba", "Maceió", "Goiânia", "Florianópolis", "Cuiabá"};
    private static final String[] UFS = {"SP", "PA", "PR", "AL", "GO", "SC", "MT"};
    private static final String[] CLIENTES = {"Ana Souza", "Bruno Lima", "Carla Dias", "Davi Rocha", "Élida Prado", "Fábio Nunes"};
    private static final String[] CANAIS = {"site", "app", "loja"};
    private static final long EPOCH = Instant.parse("2025-01-01T00:00:00Z").getEpochSecond();

    private final long records;
    private final long seed;

    RecordGenerator(long records, long seed) {
        this.records = records;
        this.seed = seed;
    }

    long records() {
        return records;
    }

    /** The values of record {@code i} in {@link #COLUMNS} order; {@code null} for absent. */
    Object[] values(long i) {
        SplittableRandom random = new SplittableRandom(seed ^ (i * 0x9E3779B97F4A7C15L));
        int city = random.nextInt(CIDADES.length);
        int cliente = random.nextInt(CLIENTES.length);
        return new Object[] {
                (int) i + 1,
                "SKU-" + Long.toString(100_000 + random.nextInt(900_000), 36).toUpperCase(java.util.Locale.ROOT),
                NOMES[random.nextInt(NOMES.length)],
                CATEGORIAS[random.nextInt(CATEGORIAS.length)],
                BigDecimal.valueOf(random.nextInt(100, 500_000), 2),
                random.nextInt(0, 5_000),
                random.nextInt(10) != 0,
                BigDecimal.valueOf(random.nextInt(10, 50), 1),
                Instant.ofEpochSecond(EPOCH + random.nextInt(0, 31_536_000)).toString(),
                CLIENTES[cliente],
                "cliente" + (i % 50_000) + "@example.com.br",
                "%011d".formatted(random.nextLong(10_000_000_000L, 99_999_999_999L)),
                CIDADES[city],
                UFS[city],
                BigDecimal.valueOf(-random.nextInt(0, 33_000_000), 6).setScale(6, RoundingMode.UNNECESSARY),
                BigDecimal.valueOf(-random.nextInt(35_000_000, 73_000_000), 6),
                CANAIS[random.nextInt(CANAIS.length)],
                i >= records / 2 ? BigDecimal.valueOf(random.nextInt(0, 3000), 2) : null};
    }

    /** Record {@code i} as the API would answer it. */
    void appendJson(long i, StringBuilder out) {
        Object[] v = values(i);
        out.append("{\"id\":").append(v[0])
                .append(",\"sku\":\"").append(v[1]).append('"')
                .append(",\"nome\":\"").append(v[2]).append('"')
                .append(",\"categoria\":\"").append(v[3]).append('"')
                .append(",\"preco\":").append(((BigDecimal) v[4]).toPlainString())
                .append(",\"estoque\":").append(v[5])
                .append(",\"ativo\":").append(v[6])
                .append(",\"avaliacao\":").append(((BigDecimal) v[7]).toPlainString())
                .append(",\"criado_em\":\"").append(v[8]).append('"')
                .append(",\"cliente\":{\"nome\":\"").append(v[9]).append("\",\"email\":\"").append(v[10]).append("\",\"documento\":\"").append(v[11])
                .append("\"},\"endereco\":{\"cidade\":\"").append(v[12]).append("\",\"uf\":\"").append(v[13])
                .append("\",\"geo\":{\"lat\":").append(((BigDecimal) v[14]).toPlainString()).append(",\"lon\":").append(((BigDecimal) v[15]).toPlainString())
                .append("}},\"canal\":\"").append(v[16]).append('"');
        if (v[17] != null) {
            out.append(",\"desconto\":").append(((BigDecimal) v[17]).toPlainString());
        }
        out.append('}');
    }

    /** Record {@code i} as a line of the equivalent flat CSV (PostgreSQL's CSV: empty unquoted field = NULL). */
    void appendCsv(long i, StringBuilder out) {
        Object[] v = values(i);
        for (int column = 0; column < v.length; column++) {
            if (column > 0) {
                out.append(',');
            }
            Object value = v[column];
            if (value == null) {
                continue;
            }
            if (value instanceof String text) {
                out.append('"').append(text.replace("\"", "\"\"")).append('"');
            } else if (value instanceof BigDecimal decimal) {
                out.append(decimal.toPlainString());
            } else {
                out.append(value);
            }
        }
        out.append('\n');
    }
}
