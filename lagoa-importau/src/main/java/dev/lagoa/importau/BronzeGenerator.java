package dev.lagoa.importau;

import dev.lagoa.contracts.BrazilianDocuments;
import dev.lagoa.contracts.TableCommitManifest;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.core.lake.PutOptions;
import dev.lagoa.core.pipeline.ImportauPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingestion service of Importau, simulated: writes the seven Bronze datasets of a {@link GenerationRequest} as
 * Parquet under {@code bronze/<dataset>/part-00000.parquet} (and, when asked, CSV under {@code csv_exports/}), the
 * generation manifest {@code bronze/_geracao.json}, and one table commit manifest per dataset under
 * {@code catalog-commits/}, so that the catalog registers the Bronze tables as it registers the jobs' tables.
 *
 * <p>Everything is drawn from seeded generators, one per dataset, so the same request writes the same rows. Rows are
 * appended to an in-memory DuckDB with its Appender and written with {@code COPY} (ZSTD).
 *
 * <p>Planted defects, each counted in the manifest ({@code defeitos}) with the number of order items the correlator
 * must reject ({@code rejeitos_esperados}). With {@code r} the defect rate:
 * <ul>
 *   <li>{@code item_orfao_pedido}: for each order item, with probability r/4, an extra item row whose order does not exist;</li>
 *   <li>{@code item_duplicado}: for each order item, with probability r/4, a second, identical row (same {@code id_item});</li>
 *   <li>{@code item_orfao_produto}: with probability r/4, the item names a product that does not exist;</li>
 *   <li>{@code item_quantidade_nula}: with probability r/4, the item's quantity is null;</li>
 *   <li>{@code pedido_orfao_cliente}: for each order, with probability r/4, its client does not exist (all its items are rejected);</li>
 *   <li>{@code cliente_documento_invalido}: for each client, with probability r, the CPF/CNPJ's last check digit is wrong
 *       (not a reject: the Bronze test counts it).</li>
 * </ul>
 * The import declaration (DI) of an order covers its true items, with their true quantities.
 */
public final class BronzeGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(BronzeGenerator.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    public static final String MANIFEST_KEY = "bronze/_geracao.json";
    private static final double PIS = 0.021;
    private static final double COFINS = 0.0965;
    private static final BigDecimal SISCOMEX_BASE = new BigDecimal("115.67");
    private static final BigDecimal SISCOMEX_PER_ADDITION = new BigDecimal("38.56");
    private static final long ORPHAN_ID_OFFSET = 900_000_000L;

    private final ObjectStore objectStore;
    private final BucketName bucket;
    private final Clock clock;

    public BronzeGenerator(ObjectStore objectStore, BucketName bucket, Clock clock) {
        this.objectStore = requireNonNull(objectStore, "objectStore is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** What a generation wrote: rows per dataset, defects per kind, the rejects the correlator must find, and the objects. */
    public record Result(GenerationRequest request, Map<String, Long> rows, Map<String, Long> defects, long expectedRejects,
            BigDecimal itemsFobTotal, List<String> objects) {
        /** The result as the generation manifest and a state machine's task output hold it. */
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("parametros", request.toMap());
            map.put("data_corte", request.cutoff().toString());
            map.put("linhas", rows);
            map.put("defeitos", defects);
            map.put("rejeitos_esperados", expectedRejects);
            map.put("valor_fob_itens_moeda", itemsFobTotal.toPlainString());
            map.put("objetos", objects);
            return map;
        }
    }

    /**
     * Generates and writes the seven datasets, replacing what the Bronze folders held.
     *
     * @throws LagoaException {@code STORAGE_ERROR} when the lake cannot be written
     */
    public Result generate(GenerationRequest request) {
        requireNonNull(request, "request is null");
        long started = System.nanoTime();
        if (!objectStore.bucketExists(bucket)) {
            objectStore.createBucket(bucket);
        }
        Path scratch;
        try {
            scratch = Files.createTempDirectory("lagoa-importau-bronze");
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot create a scratch folder for the Bronze files: " + e.getMessage(), e);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            for (String folder : ImportauPipeline.BRONZE_FOLDERS) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE " + folder + " (" + BronzeTables.COLUMNS.get(folder).stream()
                            .map(column -> column.name() + " " + duckType(column.type())).collect(Collectors.joining(", ")) + ")");
                }
            }
            Data data = new Data(request, (DuckDBConnection) connection);
            data.generate();
            String runId = "gen-" + clock.instant().toString().replaceAll("[^0-9]", "").substring(0, 14);
            List<String> objects = new ArrayList<>();
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String folder : ImportauPipeline.BRONZE_FOLDERS) {
                rows.put(folder, count(connection, folder));
                objects.add(write(connection, folder, scratch, request.csv()));
                writeCommit(folder, rows.get(folder), runId);
            }
            Result result = new Result(request, rows, data.defects, data.expectedRejects(), data.itemsFob.setScale(4, RoundingMode.UNNECESSARY), objects);
            Map<String, Object> manifest = new LinkedHashMap<>(result.toMap());
            manifest.put("gerado_em", clock.instant().toString());
            objectStore.put(bucket, ObjectKey.of(MANIFEST_KEY), JSON.writeValueAsBytes(manifest), PutOptions.contentType("application/json"));
            LOG.info("Generated the importau Bronze in s3://{}/bronze/ in {} ms: {}", bucket, (System.nanoTime() - started) / 1_000_000, rows);
            return result;
        } catch (SQLException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot generate the importau Bronze: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot write the importau Bronze: " + e.getMessage(), e);
        } finally {
            deleteRecursively(scratch);
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement(); var rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Writes one dataset's Parquet file (and CSV copy) and replaces the folder's previous objects. */
    private String write(Connection connection, String folder, Path scratch, boolean csv) throws SQLException, IOException {
        Path parquet = scratch.resolve(folder + ".parquet");
        try (Statement statement = connection.createStatement()) {
            statement.execute("COPY " + folder + " TO '" + parquet.toAbsolutePath() + "' (FORMAT PARQUET, COMPRESSION ZSTD)");
        }
        String key = "bronze/" + folder + "/part-00000.parquet";
        replace("bronze/" + folder + "/", key);
        objectStore.putFile(bucket, ObjectKey.of(key), parquet, PutOptions.contentType("application/vnd.apache.parquet"));
        if (csv) {
            Path file = scratch.resolve(folder + ".csv");
            try (Statement statement = connection.createStatement()) {
                statement.execute("COPY " + folder + " TO '" + file.toAbsolutePath() + "' (FORMAT CSV, HEADER)");
            }
            String csvKey = "csv_exports/" + folder + "/" + folder + ".csv";
            replace("csv_exports/" + folder + "/", csvKey);
            objectStore.putFile(bucket, ObjectKey.of(csvKey), file, PutOptions.contentType("text/csv"));
        }
        return "s3://" + bucket + "/" + key;
    }

    /** Deletes the objects under {@code prefix} other than {@code keep}: a folder holds one generation only. */
    private void replace(String prefix, String keep) {
        List<ObjectKey> stale = new ArrayList<>();
        for (ObjectSummary object : objectStore.listAll(bucket, prefix)) {
            if (!object.key().value().equals(keep)) {
                stale.add(object.key());
            }
        }
        stale.forEach(key -> objectStore.delete(bucket, key));
    }

    /** The table commit manifest of a Bronze table, in the jobs' format, so that the catalog function registers it. */
    private void writeCommit(String folder, long rows, String runId) throws IOException {
        String table = ImportauPipeline.bronzeId(folder).replace('-', '_');
        List<TableCommitManifest.Column> columns = BronzeTables.COLUMNS.get(folder).stream()
                .map(column -> new TableCommitManifest.Column(column.name(), column.type(), column.comment()))
                .toList();
        TableCommitManifest commit = new TableCommitManifest(table, "s3://" + bucket + "/bronze/" + folder + "/", "parquet", columns, List.of(),
                List.of(), List.of(), rows, runId, clock.instant().toString());
        objectStore.put(bucket, ObjectKey.of("catalog-commits/" + commit.relativePath("bronze")), commit.toJson(),
                PutOptions.contentType("application/json"));
    }

    static String duckType(String glueType) {
        return switch (glueType) {
            case "bigint" -> "BIGINT";
            case "int" -> "INTEGER";
            case "string" -> "VARCHAR";
            case "date" -> "DATE";
            default -> {
                if (!glueType.matches("decimal\\(\\d+,\\d+\\)")) {
                    throw new IllegalArgumentException("No DuckDB type for " + glueType);
                }
                yield glueType.toUpperCase(Locale.ROOT);
            }
        };
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Cannot delete the scratch folder {}: {}", folder, e.getMessage());
        }
    }

    private record Supplier(long id, ReferenceData.Country country, int productionDays) {}

    private record Product(long id, ReferenceData.Family family, long supplierId, String ncm, double fob, BigDecimal salePrice) {}

    /** One generation: the random streams, the rows as they are appended, and the defect counts. */
    private static final class Data {
        private final GenerationRequest request;
        private final DuckDBConnection connection;
        private final Map<String, Long> defects = new LinkedHashMap<>();
        private final Map<String, double[]> rates = new LinkedHashMap<>();
        private final LocalDate calendarStart;
        private final List<ReferenceData.City> clientCities = new ArrayList<>();
        private final List<Supplier> suppliers = new ArrayList<>();
        private final Map<Long, List<Product>> productsBySupplier = new LinkedHashMap<>();
        private long orphanClientItems;
        private BigDecimal itemsFob = BigDecimal.ZERO;

        Data(GenerationRequest request, DuckDBConnection connection) {
            this.request = request;
            this.connection = connection;
            this.calendarStart = request.start().minusDays(30);
            for (String kind : List.of("item_orfao_pedido", "item_duplicado", "item_orfao_produto", "item_quantidade_nula", "pedido_orfao_cliente",
                    "cliente_documento_invalido")) {
                defects.put(kind, 0L);
            }
        }

        long expectedRejects() {
            return defects.get("item_orfao_pedido") + defects.get("item_duplicado") + defects.get("item_orfao_produto")
                    + defects.get("item_quantidade_nula") + orphanClientItems;
        }

        private SplittableRandom random(String stream) {
            return new SplittableRandom(request.seed() * 1_000_003L + stream.hashCode());
        }

        void generate() throws SQLException {
            int clients = Math.max(30, (int) Math.round(2_000 * request.scale()));
            int supplierCount = Math.max(12, (int) Math.round(120 * Math.sqrt(request.scale())));
            int orders = Math.max(20, (int) Math.round(20_000 * request.scale()));
            exchangeRates();
            clients(clients);
            suppliers(supplierCount);
            products(supplierCount * 12);
            orders(orders, clients);
        }

        private void exchangeRates() throws SQLException {
            SplittableRandom random = random("cambio");
            int days = (int) (request.cutoff().toEpochDay() - calendarStart.toEpochDay()) + 1;
            String[] currencies = {"USD", "EUR", "CNY"};
            double[] start = {4.85, 5.35, 0.68};
            double[] ownVolatility = {0.002, 0.004, 0.0015};
            double[] level = start.clone();
            double drift = 0.0006;
            for (String currency : currencies) {
                rates.put(currency, new double[days]);
            }
            try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "cambio")) {
                for (int day = 0; day < days; day++) {
                    LocalDate date = calendarStart.plusDays(day);
                    boolean businessDay = date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY;
                    double common = random.nextGaussian() * 0.008;
                    for (int c = 0; c < currencies.length; c++) {
                        if (businessDay && day > 0) {
                            double sigma = ownVolatility[c];
                            level[c] *= Math.exp(drift - 0.5 * (0.008 * 0.008 + sigma * sigma) + common + random.nextGaussian() * sigma);
                        }
                        BigDecimal buy = BigDecimal.valueOf(level[c]).setScale(4, RoundingMode.HALF_EVEN);
                        BigDecimal sell = BigDecimal.valueOf(level[c] * 1.00012).setScale(4, RoundingMode.HALF_EVEN);
                        // weekends take Friday's rate, as a trade closed on a weekend does
                        rates.get(currencies[c])[day] = businessDay || day == 0 ? sell.doubleValue() : rates.get(currencies[c])[day - 1];
                        if (businessDay) {
                            appender.beginRow().append(date).append(currencies[c]).append(buy).append(sell).endRow();
                        }
                    }
                }
            }
        }

        double rate(String currency, LocalDate date) {
            return rates.get(currency)[(int) (date.toEpochDay() - calendarStart.toEpochDay())];
        }

        private void clients(int count) throws SQLException {
            SplittableRandom random = random("clientes");
            try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "clientes")) {
                for (long id = 1; id <= count; id++) {
                    ReferenceData.City city = pick(random, ReferenceData.CITIES);
                    clientCities.add(city);
                    boolean company = random.nextDouble() < 0.6;
                    String first = pick(random, ReferenceData.FIRST_NAMES);
                    String surname = pick(random, ReferenceData.SURNAMES);
                    String second = pick(random, ReferenceData.SURNAMES);
                    String name = company
                            ? surname + " " + pick(random, ReferenceData.COMPANY_WORDS) + " " + pick(random, ReferenceData.COMPANY_SUFFIXES)
                            : first + " " + surname + " " + second;
                    String document = company ? BrazilianDocuments.randomCnpj(random) : BrazilianDocuments.randomCpf(random);
                    if (random.nextDouble() < request.defectRate()) {
                        document = BrazilianDocuments.withWrongCheckDigit(document);
                        defects.merge("cliente_documento_invalido", 1L, Long::sum);
                    }
                    String handle = ascii(company ? "contato." + surname + id : first + "." + second + id);
                    String email = company ? handle + "@" + ascii(surname) + ".com.br" : handle + "@" + pick(random, ReferenceData.EMAIL_DOMAINS);
                    boolean mobile = !company || random.nextDouble() < 0.4;
                    String phone = mobile
                            ? "(%d) 9%04d-%04d".formatted(city.ddd(), 6000 + random.nextInt(4000), random.nextInt(10_000))
                            : "(%d) %d%03d-%04d".formatted(city.ddd(), 2 + random.nextInt(4), random.nextInt(1000), random.nextInt(10_000));
                    int cep = city.cepFrom() + random.nextInt(city.cepTo() - city.cepFrom() + 1);
                    String cepText = "%05d-%03d".formatted(cep / 1000, cep % 1000);
                    LocalDate registered = request.start().minusDays(30 + random.nextInt(1500));
                    appender.beginRow().append(id).append(company ? "PJ" : "PF").append(document).append(name).append(email).append(phone)
                            .append(cepText).append(city.name()).append(city.uf()).append(registered).endRow();
                }
            }
        }

        private void suppliers(int count) throws SQLException {
            SplittableRandom random = random("fornecedores");
            String[] incoterms = {"FOB", "FOB", "FOB", "EXW", "CIF"};
            try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "fornecedores")) {
                for (long id = 1; id <= count; id++) {
                    ReferenceData.Country country = pick(random, ReferenceData.COUNTRIES);
                    String name = country.nameParts()[random.nextInt(country.nameParts().length)] + " "
                            + pick(random, List.of("Industrial", "Trading", "Global", "Manufacturing", "Supply")) + " "
                            + country.suffixes()[random.nextInt(country.suffixes().length)];
                    int production = 10 + random.nextInt(35);
                    suppliers.add(new Supplier(id, country, production));
                    appender.beginRow().append(id).append(name).append(country.code()).append(country.cities()[random.nextInt(country.cities().length)])
                            .append(country.currency()).append(incoterms[random.nextInt(incoterms.length)]).append(production).endRow();
                }
            }
        }

        private void products(int count) throws SQLException {
            SplittableRandom random = random("produtos");
            try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "produtos")) {
                for (long id = 1; id <= count; id++) {
                    // the first products go round the suppliers, so every supplier sells something
                    Supplier supplier = id <= suppliers.size() ? suppliers.get((int) id - 1) : pick(random, suppliers);
                    ReferenceData.Family family = pick(random, ReferenceData.FAMILIES);
                    int kind = random.nextInt(family.products().length);
                    double usd = Math.exp(Math.log(family.fobMinUsd()) + random.nextDouble() * (Math.log(family.fobMaxUsd()) - Math.log(family.fobMinUsd())));
                    double inCurrency = switch (supplier.country().currency()) {
                        case "EUR" -> usd * 0.92;
                        case "CNY" -> usd * 7.2;
                        default -> usd;
                    };
                    BigDecimal fob = BigDecimal.valueOf(inCurrency).setScale(2, RoundingMode.HALF_EVEN).max(new BigDecimal("0.50")).setScale(4);
                    BigDecimal sale = BigDecimal.valueOf(usd * 5.0 * family.markup()).setScale(2, RoundingMode.HALF_EVEN);
                    Product product = new Product(id, family, supplier.id(), family.ncm()[kind], fob.doubleValue(), sale);
                    productsBySupplier.computeIfAbsent(supplier.id(), ignored -> new ArrayList<>()).add(product);
                    String description = family.products()[kind] + " modelo " + (char) ('A' + random.nextInt(26)) + (100 + random.nextInt(900));
                    appender.beginRow().append(id).append(description).append(product.ncm()).append(family.name()).append(supplier.id())
                            .append(supplier.country().currency()).append(fob)
                            .append(BigDecimal.valueOf(family.iiRate()).setScale(4, RoundingMode.HALF_EVEN))
                            .append(BigDecimal.valueOf(family.ipiRate()).setScale(4, RoundingMode.HALF_EVEN))
                            .append(BigDecimal.valueOf(0.05 + random.nextDouble() * 30).setScale(3, RoundingMode.HALF_EVEN)).append(sale).endRow();
                }
            }
        }

        private void orders(int count, int clients) throws SQLException {
            SplittableRandom random = random("pedidos");
            SplittableRandom defectsRandom = random("defeitos");
            long periodDays = request.end().toEpochDay() - request.start().toEpochDay() + 1;
            double itemRate = request.defectRate() / 4;
            long nextItem = 1;
            long orphanRows = 0;
            try (DuckDBAppender orderRows = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "pedidos");
                    DuckDBAppender itemRows = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "itens_pedido");
                    DuckDBAppender costRows = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "despesas_importacao")) {
                for (long id = 1; id <= count; id++) {
                    LocalDate ordered = request.start().plusDays(random.nextLong(periodDays));
                    while (ordered.getDayOfWeek() == DayOfWeek.SATURDAY || ordered.getDayOfWeek() == DayOfWeek.SUNDAY) {
                        ordered = ordered.minusDays(1);
                    }
                    if (ordered.isBefore(request.start())) {
                        ordered = ordered.plusDays(3);
                    }
                    long clientId = 1 + random.nextInt(clients);
                    ReferenceData.City city = clientCities.get((int) clientId - 1);
                    boolean orphanClient = defectsRandom.nextDouble() < itemRate;
                    if (orphanClient) {
                        clientId = ORPHAN_ID_OFFSET + id;
                        defects.merge("pedido_orfao_cliente", 1L, Long::sum);
                    }
                    Supplier supplier = pick(random, suppliers);
                    String currency = supplier.country().currency();
                    LocalDate shipped = ordered.plusDays(Math.max(3, supplier.productionDays() - 5 + random.nextInt(11)));
                    LocalDate arrived = shipped.plusDays(supplier.country().transitDaysMin()
                            + random.nextInt(supplier.country().transitDaysMax() - supplier.country().transitDaysMin() + 1));
                    double channel = random.nextDouble();
                    String channelName = channel < 0.85 ? "VERDE" : channel < 0.95 ? "AMARELO" : "VERMELHO";
                    LocalDate cleared = arrived.plusDays(channel < 0.85 ? 1 + random.nextInt(2) : channel < 0.95 ? 3 + random.nextInt(5) : 8 + random.nextInt(13));
                    LocalDate delivered = cleared.plusDays(2 + random.nextInt(9));
                    int terms = new int[] {30, 60, 90}[random.nextInt(3)];
                    LocalDate due = delivered.plusDays(terms);
                    double behaviour = random.nextDouble();
                    LocalDate received = behaviour < 0.80 ? due.minusDays(random.nextInt(6)) : behaviour < 0.95 ? due.plusDays(1 + random.nextInt(40)) : null;
                    LocalDate cutoff = request.cutoff();
                    if (received != null && received.isAfter(cutoff)) {
                        received = null;
                    }
                    String receiptStatus = received != null ? (received.isAfter(due) ? "PAGO_COM_ATRASO" : "PAGO")
                            : due.isBefore(cutoff) ? "EM_ATRASO" : "A_VENCER";
                    LocalDate supplierPaid = shipped.plusDays(random.nextInt(21));
                    orderRows.beginRow().append(id).append(clientId).append(supplier.id()).append(ordered).append(currency)
                            .append(pick(random, List.of("FOB", "FOB", "EXW", "CIF"))).append(shipped).append(arrived).append(cleared).append(delivered)
                            .append(channelName).append("ENTREGUE").append(terms).append(due);
                    if (received == null) {
                        orderRows.appendNull();
                    } else {
                        orderRows.append(received);
                    }
                    orderRows.append(receiptStatus).endRow();

                    List<Product> catalogue = productsBySupplier.get(supplier.id());
                    int lines = 1 + random.nextInt(9);
                    double fobTotal = 0;
                    double ii = 0;
                    double ipi = 0;
                    List<double[]> itemValues = new ArrayList<>();
                    TreeSet<String> ncms = new TreeSet<>();
                    for (int line = 0; line < lines; line++) {
                        Product product = pick(random, catalogue);
                        int quantity = 1 + (int) Math.floor(product.family().quantityMax() * Math.pow(random.nextDouble(), 2));
                        BigDecimal unit = BigDecimal.valueOf(product.fob() * (0.95 + random.nextDouble() * 0.10)).setScale(4, RoundingMode.HALF_EVEN);
                        BigDecimal saleUnit = product.salePrice().multiply(BigDecimal.valueOf(1 - random.nextInt(11) / 100.0))
                                .setScale(2, RoundingMode.HALF_EVEN);
                        long itemId = nextItem++;
                        long productId = product.id();
                        boolean nullQuantity = false;
                        if (!orphanClient) {
                            double draw = defectsRandom.nextDouble();
                            if (draw < itemRate) {
                                productId = ORPHAN_ID_OFFSET + itemId;
                                defects.merge("item_orfao_produto", 1L, Long::sum);
                            } else if (draw < 2 * itemRate) {
                                nullQuantity = true;
                                defects.merge("item_quantidade_nula", 1L, Long::sum);
                            }
                        } else {
                            orphanClientItems++;
                        }
                        appendItem(itemRows, itemId, id, productId, nullQuantity ? null : quantity, unit, saleUnit);
                        itemsFob = itemsFob.add(nullQuantity ? BigDecimal.ZERO : unit.multiply(BigDecimal.valueOf(quantity)));
                        if (defectsRandom.nextDouble() < itemRate) {
                            appendItem(itemRows, itemId, id, productId, nullQuantity ? null : quantity, unit, saleUnit);
                            itemsFob = itemsFob.add(nullQuantity ? BigDecimal.ZERO : unit.multiply(BigDecimal.valueOf(quantity)));
                            defects.merge("item_duplicado", 1L, Long::sum);
                        }
                        if (defectsRandom.nextDouble() < itemRate) {
                            BigDecimal orphanUnit = unit;
                            appendItem(itemRows, ORPHAN_ID_OFFSET + itemId, ORPHAN_ID_OFFSET + itemId, product.id(), quantity, orphanUnit, saleUnit);
                            itemsFob = itemsFob.add(orphanUnit.multiply(BigDecimal.valueOf(quantity)));
                            defects.merge("item_orfao_pedido", 1L, Long::sum);
                            orphanRows++;
                        }
                        double fob = unit.doubleValue() * quantity;
                        fobTotal += fob;
                        itemValues.add(new double[] {fob, product.family().iiRate(), product.family().ipiRate()});
                        ncms.add(product.ncm());
                    }
                    // the import declaration of the order's true items
                    double freight = fobTotal * supplier.country().freightRate() * (0.7 + random.nextDouble() * 0.6);
                    double insurance = (fobTotal + freight) * 0.005;
                    LocalDate registered = arrived;
                    double rate = rate(currency, registered);
                    double customsValue = 0;
                    for (double[] item : itemValues) {
                        double share = item[0] / fobTotal;
                        double value = (item[0] + (freight + insurance) * share) * rate;
                        double itemIi = value * item[1];
                        customsValue += value;
                        ii += itemIi;
                        ipi += (value + itemIi) * item[2];
                    }
                    BigDecimal siscomex = SISCOMEX_BASE.add(SISCOMEX_PER_ADDITION.multiply(BigDecimal.valueOf(ncms.size())));
                    double pis = customsValue * PIS;
                    double cofins = customsValue * COFINS;
                    double icms = (customsValue + ii + ipi + pis + cofins + siscomex.doubleValue()) / (1 - city.icms()) * city.icms();
                    String diNumber = "%02d/%07d-%d".formatted(registered.getYear() % 100, id, id % 10);
                    costRows.beginRow().append(id).append(id).append(diNumber).append(registered).append(money(fobTotal)).append(money(freight))
                            .append(money(insurance)).append(BigDecimal.valueOf(rate).setScale(4, RoundingMode.HALF_EVEN)).append(money(customsValue))
                            .append(money(ii)).append(money(ipi)).append(money(pis)).append(money(cofins)).append(money(icms)).append(siscomex)
                            .append(supplierPaid).endRow();
                }
            }
            LOG.debug("Planted {} orphan item rows", orphanRows);
        }

        private static void appendItem(DuckDBAppender appender, long itemId, long orderId, long productId, Integer quantity, BigDecimal unit,
                BigDecimal saleUnit) throws SQLException {
            appender.beginRow().append(itemId).append(orderId).append(productId);
            if (quantity == null) {
                appender.appendNull();
            } else {
                appender.append(quantity.intValue());
            }
            appender.append(unit).append(saleUnit).endRow();
        }

        private static BigDecimal money(double value) {
            return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN);
        }

        private static <T> T pick(SplittableRandom random, List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        private static String ascii(String text) {
            return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9.]", "");
        }
    }

    /** Reads the generation manifest of the lake's Bronze, if there is one. */
    public java.util.Optional<Map<String, Object>> manifest() {
        if (!objectStore.exists(bucket, ObjectKey.of(MANIFEST_KEY))) {
            return java.util.Optional.empty();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> manifest = JSON.readValue(objectStore.getBytes(bucket, ObjectKey.of(MANIFEST_KEY)), Map.class);
            return java.util.Optional.of(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
