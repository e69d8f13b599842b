package dev.lagoa.importau;

import static java.util.Objects.requireNonNull;

import dev.lagoa.contracts.BrazilianDocuments;
import dev.lagoa.core.pipeline.ImportauPipeline;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows of one Bronze generation, drawn from seeded random streams (one per dataset, so the same request draws the
 * same rows) and appended with DuckDB's Appender to the seven tables of an in-memory database, with the defects
 * {@link BronzeGenerator} describes planted and counted. Arguments are never null.
 */
final class BronzeRows {
    // the generator's logger: the generation's messages stay under one name
    private static final Logger LOG = LoggerFactory.getLogger(BronzeGenerator.class);
    private static final double PIS = 0.021;
    private static final double COFINS = 0.0965;
    private static final BigDecimal SISCOMEX_BASE = new BigDecimal("115.67");
    private static final BigDecimal SISCOMEX_PER_ADDITION = new BigDecimal("38.56");
    private static final long ORPHAN_ID_OFFSET = 900_000_000L;

    private record Supplier(long id, ReferenceData.Country country, int productionDays) {}

    private record Product(long id, ReferenceData.Family family, long supplierId, String ncm, double fob, BigDecimal salePrice) {}

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

    private BronzeRows(GenerationRequest request, DuckDBConnection connection) {
        this.request = request;
        this.connection = connection;
        this.calendarStart = request.start().minusDays(30);
        for (String kind : List.of("item_orfao_pedido", "item_duplicado", "item_orfao_produto", "item_quantidade_nula", "pedido_orfao_cliente",
                "cliente_documento_invalido")) {
            defects.put(kind, 0L);
        }
    }

    /**
     * Creates the seven Bronze tables in {@code connection} and appends the rows of {@code request} to them.
     *
     * @throws SQLException when DuckDB refuses a table or a row
     */
    static BronzeRows generate(GenerationRequest request, DuckDBConnection connection) throws SQLException {
        requireNonNull(request, "request is null");
        requireNonNull(connection, "connection is null");
        for (String folder : ImportauPipeline.BRONZE_FOLDERS) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + folder + " (" + BronzeTables.COLUMNS.get(folder).stream()
                        .map(column -> column.name() + " " + duckType(column.type())).collect(Collectors.joining(", ")) + ")");
            }
        }
        BronzeRows rows = new BronzeRows(request, connection);
        rows.appendAll();
        return rows;
    }

    /** The DuckDB type of a Glue type of {@link BronzeTables}. */
    private static String duckType(String glueType) {
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

    /** The planted defects by kind, in the order the manifest lists them. */
    Map<String, Long> defects() {
        return defects;
    }

    /** The FOB value of every item row written, planted defects included, in the orders' currencies. */
    BigDecimal itemsFob() {
        return itemsFob;
    }

    /** The order item rows the correlator must reject: the planted defects, and every item of an order without its client. */
    long expectedRejects() {
        return defects.get("item_orfao_pedido") + defects.get("item_duplicado") + defects.get("item_orfao_produto")
                + defects.get("item_quantidade_nula") + orphanClientItems;
    }

    private SplittableRandom random(String stream) {
        return new SplittableRandom(request.seed() * 1_000_003L + stream.hashCode());
    }

    private void appendAll() throws SQLException {
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

    private double rate(String currency, LocalDate date) {
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
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9.]", "");
    }
}
