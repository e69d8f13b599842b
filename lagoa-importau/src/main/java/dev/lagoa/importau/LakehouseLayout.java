package dev.lagoa.importau;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectLocation;
import dev.lagoa.core.pipeline.DatasetDefinition;
import dev.lagoa.core.pipeline.ImportauPipeline;
import dev.lagoa.core.pipeline.LocationTemplate;
import java.util.Map;

/**
 * Where the importau lakehouse's datasets are in its bucket: the locations that the pipeline's dataset definitions
 * ({@link ImportauPipeline#DEFINITION}) declare, resolved with the configured bucket, so that the generator and the
 * tasks write and read the lake paths the definition declares. Arguments are never null.
 */
final class LakehouseLayout {
    /** The placeholder of the lakehouse's bucket in the definition's locations. */
    private static final String BUCKET_PLACEHOLDER = "importau-bucket";
    /** The one file a Bronze folder holds: the ingestion service writes each dataset whole. */
    private static final String BRONZE_FILE = "part-00000.parquet";

    private final BucketName bucket;

    LakehouseLayout(BucketName bucket) {
        this.bucket = requireNonNull(bucket, "bucket is null");
    }

    BucketName bucket() {
        return bucket;
    }

    /** The Bronze dataset of a folder ({@code itens_pedido} is {@code bronze-itens-pedido}). */
    static DatasetDefinition bronzeDataset(String folder) {
        return ImportauPipeline.DEFINITION.dataset(ImportauPipeline.bronzeId(folder));
    }

    /** The location of a Bronze dataset: {@code s3://<bucket>/bronze/<folder>/}. */
    String bronzeLocation(String folder) {
        return location(bronzeDataset(folder));
    }

    /** The folder of a Bronze dataset: {@code bronze/<folder>/}. */
    String bronzePrefix(String folder) {
        return key(bronzeDataset(folder));
    }

    /** The Parquet file of a Bronze dataset: {@code bronze/<folder>/part-00000.parquet}. */
    ObjectKey bronzeFile(String folder) {
        return ObjectKey.of(bronzePrefix(folder) + BRONZE_FILE);
    }

    /** The folder of a Bronze dataset's CSV copy: {@code csv_exports/<folder>/}. */
    String csvExportPrefix(String folder) {
        return key(ImportauPipeline.DEFINITION.dataset(ImportauPipeline.CSV_EXPORTS)) + folder + "/";
    }

    /** The CSV copy of a Bronze dataset: {@code csv_exports/<folder>/<folder>.csv}. */
    ObjectKey csvExportFile(String folder) {
        return ObjectKey.of(csvExportPrefix(folder) + folder + ".csv");
    }

    /** Where the table commit manifests are: {@code catalog-commits/}. */
    String commitsPrefix() {
        return key(ImportauPipeline.DEFINITION.dataset(ImportauPipeline.COMMITS));
    }

    /** An object of the bucket as an {@code s3://} URI. */
    String uri(ObjectKey key) {
        return "s3://" + bucket + "/" + key;
    }

    private String location(DatasetDefinition dataset) {
        return LocationTemplate.resolve(dataset.location(), Map.of(BUCKET_PLACEHOLDER, bucket.value()));
    }

    private String key(DatasetDefinition dataset) {
        return ObjectLocation.parse(location(dataset)).key();
    }
}
