package dev.lagoa.importau;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.pipeline.ImportauPipeline;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
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
 *
 * <p>{@link BronzeRows} draws the rows, {@link BronzeLakeWriter} writes them to the lake and {@link GenerationManifest}
 * keeps the generation manifest. Arguments are never null.
 */
public final class BronzeGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(BronzeGenerator.class);
    /** The generation manifest's key in the lakehouse's bucket. */
    public static final String MANIFEST_KEY = GenerationManifest.KEY;

    private final ObjectStore objectStore;
    private final BucketName bucket;
    private final Clock clock;
    private final GenerationManifest manifest;

    /** A generator that writes to {@code bucket} of {@code objectStore} (creating it), timing runs with {@code clock}. */
    public BronzeGenerator(ObjectStore objectStore, BucketName bucket, Clock clock) {
        this.objectStore = requireNonNull(objectStore, "objectStore is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.manifest = new GenerationManifest(objectStore, bucket);
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
            BronzeRows data = BronzeRows.generate(request, (DuckDBConnection) connection);
            BronzeLakeWriter writer = new BronzeLakeWriter(objectStore, new LakehouseLayout(bucket), clock);
            String runId = "gen-" + clock.instant().toString().replaceAll("[^0-9]", "").substring(0, 14);
            List<String> objects = new ArrayList<>();
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String folder : ImportauPipeline.BRONZE_FOLDERS) {
                rows.put(folder, count(connection, folder));
                objects.add(writer.write(connection, folder, scratch, request.csv()));
                writer.writeCommit(folder, rows.get(folder), runId);
            }
            Result result = new Result(request, rows, data.defects(), data.expectedRejects(), data.itemsFob().setScale(4, RoundingMode.UNNECESSARY),
                    objects);
            manifest.write(result, clock.instant());
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

    /** Reads the generation manifest of the lake's Bronze, if there is one. */
    public Optional<Map<String, Object>> manifest() {
        return manifest.read();
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement(); var rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Cannot delete the scratch folder {}: {}", folder, e.getMessage());
        }
    }
}
