package dev.lagoa.benchmarks;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Deterministic generator of two product-catalogue snapshots ("yesterday" and "today") as JSON Lines.
 *
 * <p>Of {@code n} records in yesterday, exactly 1% are deleted, 5% updated (some only in nested fields)
 * and 1% new records are inserted into today, so today also holds {@code n} records. The same seed always
 * gives byte-identical files. Records have 21 top-level fields, three nested objects (one two levels deep)
 * and a string array.
 */
public final class SnapshotGenerator {

    public static final int FILES_PER_SNAPSHOT = 4;
    public static final long ID_BASE = 10_000_000L;
    /** Bumped whenever the generated data changes, so cached data sets are regenerated. */
    public static final int VERSION = 1;

    /** Which role each record plays; counts are exact. */
    public record Expected(long records, long inserts, long updates, long deletes, long unchanged) {
        public Map<String, Long> changes() {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("c", inserts);
            m.put("u", updates);
            m.put("d", deletes);
            return m;
        }
    }

    private static final String[] PRODUTOS = {
        "Café torrado", "Açúcar cristal", "Feijão carioca", "Arroz agulhinha", "Farinha de mandioca",
        "Pão de queijo", "Guaraná", "Doce de leite", "Erva-mate", "Castanha-do-pará", "Goiabada",
        "Requeijão", "Tapioca", "Polvilho azedo", "Cachaça artesanal", "Açaí congelado", "Rapadura",
        "Biscoito de polvilho", "Queijo minas", "Pé de moleque"};
    private static final String[] VARIANTES = {"500g", "1kg", "2kg", "250ml", "1L", "pacote 12un", "lata 350ml", "caixa"};
    private static final String[] MARCAS = {"Boa Safra", "Sabor de Minas", "Vale Verde", "Tropical", "Serra Azul",
        "Nordeste Forte", "Pampa", "Cerrado Vivo", "Mata Atlântica", "Rio Doce"};
    private static final String[] CATEGORIAS = {"mercearia", "bebidas", "laticínios", "congelados", "doces", "hortifruti"};
    private static final String[] TAGS = {"orgânico", "sem glúten", "vegano", "regional", "importado", "lançamento",
        "mais vendido", "light", "integral", "artesanal", "zero açúcar", "kit"};
    private static final String[][] CIDADES = {
        {"SP", "São Paulo"}, {"SP", "Campinas"}, {"RJ", "Rio de Janeiro"}, {"RJ", "Niterói"}, {"MG", "Belo Horizonte"},
        {"MG", "Uberlândia"}, {"BA", "Salvador"}, {"PE", "Recife"}, {"CE", "Fortaleza"}, {"PR", "Curitiba"},
        {"RS", "Porto Alegre"}, {"SC", "Florianópolis"}, {"GO", "Goiânia"}, {"AM", "Manaus"}, {"PA", "Belém"},
        {"DF", "Brasília"}, {"ES", "Vitória"}, {"MA", "São Luís"}, {"PB", "João Pessoa"}, {"MT", "Cuiabá"}};
    private static final String[] LOGRADOUROS = {"Rua das Flores", "Avenida Brasil", "Rua Sete de Setembro",
        "Avenida Paulista", "Rua XV de Novembro", "Travessa do Comércio", "Rua da Aurora", "Avenida Beira-Mar"};
    private static final String[] BAIRROS = {"Centro", "Jardim América", "Vila Nova", "Boa Vista", "Santa Cecília", "Liberdade"};
    private static final String[] RAZOES = {"Comércio de Alimentos", "Distribuidora", "Indústria Alimentícia", "Cooperativa Agrícola", "Atacadista"};
    private static final Instant EPOCH = Instant.parse("2023-01-01T00:00:00Z");
    private static final Instant SNAPSHOT_DAY = Instant.parse("2025-06-01T00:00:00Z");

    private static final int ROLE_UNCHANGED = 0;
    private static final int ROLE_DELETED = 1;
    private static final int ROLE_UPDATED = 2;
    private static final int ROLE_INSERTED = 3;

    private final ObjectMapper mapper = new ObjectMapper();
    private final long records;
    private final long seed;

    public SnapshotGenerator(long records, long seed) {
        if (records < 100 || records % 100 != 0) {
            throw new IllegalArgumentException("records must be a positive multiple of 100: " + records);
        }
        if (records > 50_000_000) {
            throw new IllegalArgumentException("records too large: " + records);
        }
        this.records = records;
        this.seed = seed;
    }

    public Expected expected() {
        long deletes = records / 100;
        long inserts = records / 100;
        long updates = records * 5 / 100;
        return new Expected(records, inserts, updates, deletes, records - deletes - updates);
    }

    /** Writes {@code yesterday/part-0000N.json} and {@code today/part-0000N.json} under {@code dir}. */
    public Expected write(Path dir) throws IOException {
        Expected e = expected();
        int universe = Math.toIntExact(records + e.inserts());
        byte[] roles = roles(universe, e);
        Path yesterday = Files.createDirectories(dir.resolve("yesterday"));
        Path today = Files.createDirectories(dir.resolve("today"));
        JsonGenerator[] y = open(yesterday);
        JsonGenerator[] t = open(today);
        try {
            for (int j = 0; j < universe; j++) {
                int role = roles[j];
                ObjectNode rec = role == ROLE_INSERTED ? null : record(j);
                if (rec != null) {
                    write(y[j % FILES_PER_SNAPSHOT], rec);
                }
                if (role == ROLE_DELETED) {
                    continue;
                }
                if (role == ROLE_INSERTED) {
                    rec = record(j);
                } else if (role == ROLE_UPDATED) {
                    update(rec, j);
                }
                // Today's records fall into files differently from yesterday's: the diff cannot pair files.
                write(t[(int) ((j / 997L) % FILES_PER_SNAPSHOT)], rec);
            }
        } finally {
            close(y);
            close(t);
        }
        return e;
    }

    /** Exactly {@code deletes}, {@code updates} and {@code inserts} roles, spread by a seeded shuffle. */
    private byte[] roles(int universe, Expected e) {
        int[] perm = new int[universe];
        for (int i = 0; i < universe; i++) {
            perm[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = universe - 1; i > 0; i--) {
            int k = r.nextInt(i + 1);
            int tmp = perm[i];
            perm[i] = perm[k];
            perm[k] = tmp;
        }
        byte[] roles = new byte[universe];
        int p = 0;
        for (long i = 0; i < e.deletes(); i++) {
            roles[perm[p++]] = ROLE_DELETED;
        }
        for (long i = 0; i < e.updates(); i++) {
            roles[perm[p++]] = ROLE_UPDATED;
        }
        for (long i = 0; i < e.inserts(); i++) {
            roles[perm[p++]] = ROLE_INSERTED;
        }
        return roles;
    }

    ObjectNode record(int j) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + j);
        ObjectNode o = mapper.createObjectNode();
        long id = ID_BASE + j;
        o.put("id", id);
        o.put("sku", String.format("SKU-%08d", j));
        o.put("ean", ean13(r));
        String produto = PRODUTOS[r.nextInt(PRODUTOS.length)];
        String marca = MARCAS[r.nextInt(MARCAS.length)];
        o.put("nome", produto + " " + marca + " " + VARIANTES[r.nextInt(VARIANTES.length)]);
        o.put("descricao", produto + " da linha " + marca + ", lote " + (1000 + r.nextInt(9000))
            + ". Conservar em local seco e arejado.");
        o.put("categoria", CATEGORIAS[r.nextInt(CATEGORIAS.length)]);
        o.put("marca", marca);
        o.put("cpf_responsavel", cpf(r));
        long cents = 199 + r.nextInt(99_800);
        o.put("preco", BigDecimal.valueOf(cents, 2));
        if (r.nextInt(5) == 0) {
            o.put("preco_promocional", BigDecimal.valueOf(cents * 85 / 100, 2));
        } else {
            o.putNull("preco_promocional");
        }
        o.put("estoque", r.nextInt(5_000));
        o.put("peso_kg", BigDecimal.valueOf(50 + r.nextInt(20_000), 3));
        o.put("ativo", r.nextInt(10) != 0);
        o.put("avaliacao", BigDecimal.valueOf(10 + r.nextInt(41), 1));
        ArrayNode tags = o.putArray("tags");
        int nTags = r.nextInt(4);
        for (int k = 0; k < nTags; k++) {
            tags.add(TAGS[r.nextInt(TAGS.length)]);
        }
        String[] cidade = CIDADES[r.nextInt(CIDADES.length)];
        ObjectNode end = o.putObject("endereco");
        end.put("logradouro", LOGRADOUROS[r.nextInt(LOGRADOUROS.length)]);
        end.put("numero", 1 + r.nextInt(3000));
        end.put("bairro", BAIRROS[r.nextInt(BAIRROS.length)]);
        end.put("cidade", cidade[1]);
        end.put("uf", cidade[0]);
        end.put("cep", String.format("%05d-%03d", r.nextInt(100_000), r.nextInt(1000)));
        ObjectNode forn = o.putObject("fornecedor");
        forn.put("cnpj", String.format("%02d.%03d.%03d/0001-%02d", r.nextInt(100), r.nextInt(1000), r.nextInt(1000), r.nextInt(100)));
        forn.put("razao_social", RAZOES[r.nextInt(RAZOES.length)] + " " + marca + " Ltda");
        ObjectNode contato = forn.putObject("contato");
        contato.put("email", "vendas" + r.nextInt(1000) + "@" + marca.toLowerCase().replace(' ', '-').replace('ô', 'o')
            .replace('á', 'a').replace('â', 'a') + ".com.br");
        contato.put("telefone", String.format("+55 %02d 9%04d-%04d", 11 + r.nextInt(89), r.nextInt(10_000), r.nextInt(10_000)));
        ObjectNode dim = o.putObject("dimensoes");
        dim.put("altura_cm", 1 + r.nextInt(60));
        dim.put("largura_cm", 1 + r.nextInt(60));
        dim.put("profundidade_cm", 1 + r.nextInt(60));
        Instant criado = EPOCH.plusSeconds(r.nextInt(365 * 24 * 3600));
        o.put("criado_em", criado.toString());
        o.put("atualizado_em", criado.plusSeconds(r.nextInt(180 * 24 * 3600)).toString());
        o.put("versao", 1 + r.nextInt(20));
        return o;
    }

    /** Changes {@code rec} in a way that always differs from the original; some changes touch only nested fields. */
    void update(ObjectNode rec, int j) {
        Random r = new Random(~(seed * 0xC2B2AE3D27D4EB4FL + j));
        int kind = r.nextInt(6);
        boolean bump = true;
        switch (kind) {
            case 0 -> rec.put("preco", rec.get("preco").decimalValue().add(BigDecimal.valueOf(1 + r.nextInt(500), 2)));
            case 1 -> rec.put("estoque", rec.get("estoque").intValue() + 1 + r.nextInt(50));
            case 2 -> { // nested only: the product moved to another city
                ObjectNode end = (ObjectNode) rec.get("endereco");
                String old = end.get("cidade").asText();
                String[] c;
                do {
                    c = CIDADES[r.nextInt(CIDADES.length)];
                } while (c[1].equals(old));
                end.put("cidade", c[1]);
                end.put("uf", c[0]);
                end.put("cep", String.format("%05d-%03d", r.nextInt(100_000), r.nextInt(1000)));
                bump = false;
            }
            case 3 -> ((ArrayNode) rec.get("tags")).add("promoção");
            case 4 -> { // two levels deep only
                ObjectNode contato = (ObjectNode) rec.get("fornecedor").get("contato");
                contato.put("email", "comercial." + contato.get("email").asText());
                bump = false;
            }
            default -> rec.put("ativo", !rec.get("ativo").booleanValue());
        }
        if (bump) {
            rec.put("atualizado_em", SNAPSHOT_DAY.plus(r.nextInt(86_400), ChronoUnit.SECONDS).toString());
            rec.put("versao", rec.get("versao").intValue() + 1);
        }
    }

    private JsonGenerator[] open(Path dir) throws IOException {
        JsonGenerator[] g = new JsonGenerator[FILES_PER_SNAPSHOT];
        for (int i = 0; i < g.length; i++) {
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(String.format("part-%05d.json", i))), 1 << 16);
            g[i] = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8);
            g[i].setRootValueSeparator(null);
        }
        return g;
    }

    private void write(JsonGenerator g, ObjectNode rec) {
        try {
            mapper.writeTree(g, rec);
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(JsonGenerator[] gs) throws IOException {
        IOException first = null;
        for (JsonGenerator g : gs) {
            try {
                g.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static String ean13(Random r) {
        StringBuilder sb = new StringBuilder("789");
        for (int i = 0; i < 9; i++) {
            sb.append(r.nextInt(10));
        }
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (sb.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return sb.append((10 - sum % 10) % 10).toString();
    }

    /** A CPF-shaped string with valid check digits (random, not a real person's). */
    static String cpf(Random r) {
        int[] d = new int[11];
        for (int i = 0; i < 9; i++) {
            d[i] = r.nextInt(10);
        }
        d[9] = cpfDigit(d, 9);
        d[10] = cpfDigit(d, 10);
        return String.format("%d%d%d.%d%d%d.%d%d%d-%d%d", d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10]);
    }

    private static int cpfDigit(int[] d, int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += d[i] * (n + 1 - i);
        }
        int rest = (sum * 10) % 11;
        return rest == 10 ? 0 : rest;
    }
}
