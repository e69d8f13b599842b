package dev.lagoa.importau;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.commit.TableCommitRegistrar;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.core.pipeline.ImportauPipeline;
import dev.lagoa.orchestrator.ControlPlaneTask;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control-plane tasks of the importau state machines, on the ports: the Bronze generator, the check that the
 * lake's Bronze is the one asked for, the registration of the table commits in the catalog (the
 * {@link TableCommitRegistrar} use case, which the catalog commit function runs on each new manifest), and the check
 * that a layer's tables are catalogued.
 */
public final class ImportauTasks {
    private static final Logger LOG = LoggerFactory.getLogger(ImportauTasks.class);

    private final ObjectStore objectStore;
    private final Catalog catalog;
    private final BucketName bucket;
    private final LakehouseLayout layout;
    private final String database;
    private final Clock clock;

    public ImportauTasks(ObjectStore objectStore, Catalog catalog, BucketName bucket, String database, Clock clock) {
        this.objectStore = requireNonNull(objectStore, "objectStore is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        this.layout = new LakehouseLayout(bucket);
        this.database = requireNonNull(database, "database is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The tasks by the names the state machines use. */
    public Map<String, ControlPlaneTask> all() {
        Map<String, ControlPlaneTask> tasks = new LinkedHashMap<>();
        tasks.put(ImportauPipeline.GENERATE_TASK, (parameters, input) -> generator().generate(GenerationRequest.from(parameters, input)).toMap());
        tasks.put(ImportauPipeline.CHECK_BRONZE_TASK, (parameters, input) -> checkBronze(parameters, input));
        tasks.put(ImportauPipeline.REGISTER_CATALOG_TASK, (parameters, input) -> registerCatalog());
        tasks.put(ImportauPipeline.CHECK_CATALOG_TASK, (parameters, input) -> checkCatalog(List.of(parameters.getOrDefault("tabelas", "").split(","))));
        return tasks;
    }

    public BronzeGenerator generator() {
        return new BronzeGenerator(objectStore, bucket, clock);
    }

    /**
     * {@code atual}: the Bronze was generated with the parameters asked for (the task's, overridden by the input) and
     * every dataset is there; {@code motivo} says why not.
     */
    Map<String, Object> checkBronze(Map<String, String> parameters, Map<String, Object> input) {
        Map<String, Object> result = new LinkedHashMap<>();
        GenerationRequest asked = GenerationRequest.from(parameters, input);
        Optional<Map<String, Object>> manifest = objectStore.bucketExists(bucket) ? generator().manifest() : Optional.empty();
        String reason;
        if (manifest.isEmpty()) {
            reason = "não há manifesto de geração em s3://" + bucket + "/" + BronzeGenerator.MANIFEST_KEY;
        } else if (!asked.toMap().toString().equals(String.valueOf(manifest.get().get("parametros")))) {
            // compared as text: the manifest's JSON reads 42 back as an Integer, the request holds a Long
            reason = "a Bronze foi gerada com " + manifest.get().get("parametros") + ", não com " + asked.toMap();
        } else {
            List<String> missing = ImportauPipeline.BRONZE_FOLDERS.stream()
                    .filter(folder -> !objectStore.exists(bucket, layout.bronzeFile(folder))).toList();
            reason = missing.isEmpty() ? null : "faltam os conjuntos " + missing;
        }
        result.put("atual", reason == null);
        result.put("motivo", reason == null ? "a Bronze corresponde aos parâmetros " + asked.toMap() : reason);
        return result;
    }

    /** Registers every table commit manifest of the lakehouse (idempotent: the catalog ends the same). */
    Map<String, Object> registerCatalog() {
        TableCommitRegistrar registrar = new TableCommitRegistrar(objectStore, catalog, database);
        List<String> outcomes = new ArrayList<>();
        if (objectStore.bucketExists(bucket)) {
            List<ObjectSummary> manifests = new ArrayList<>();
            objectStore.listAll(bucket, layout.commitsPrefix()).forEach(manifests::add);
            manifests.sort(java.util.Comparator.comparing(ObjectSummary::lastModified).thenComparing(summary -> summary.key().value()));
            for (ObjectSummary manifest : manifests) {
                TableCommitRegistrar.Registration registration = registrar.register(bucket, manifest.key().value());
                registration.warning().ifPresent(warning -> LOG.warn("{}", warning));
                outcomes.add(registration.summary());
            }
        }
        List<String> tables = catalog.tables(database).stream().map(TableDefinition::name).map(TableName::table)
                .filter(name -> name.startsWith("bronze_") || List.of("fato_pedido_correlacionado", "importau_rejeitos", "agregado_fluxo_de_caixa_mensal",
                        "agregado_previsao_demanda_cambio").contains(name))
                .sorted().toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("manifestos", outcomes.size());
        result.put("tabelas", tables);
        return result;
    }

    /** Fails naming every table of {@code tables} that the catalog lacks, or that is partitioned without partitions. */
    Map<String, Object> checkCatalog(List<String> tables) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> found = new LinkedHashMap<>();
        for (String table : tables.stream().map(String::trim).filter(name -> !name.isEmpty()).toList()) {
            TableName name = TableName.of(database, table);
            Optional<TableDefinition> definition = catalog.table(name);
            if (definition.isEmpty()) {
                problems.add(table + " não está no catálogo " + database);
                continue;
            }
            int partitions = definition.get().partitionKeys().isEmpty() ? 0 : catalog.partitions(name).size();
            if (!definition.get().partitionKeys().isEmpty() && partitions == 0) {
                problems.add(table + " está no catálogo sem partições");
            }
            found.put(table, Map.of("local", definition.get().location(), "particoes", partitions));
        }
        if (!problems.isEmpty()) {
            throw new LagoaException(ErrorCode.OBJECT_NOT_FOUND, "Catálogo incompleto: " + String.join("; ", problems));
        }
        return found;
    }
}
