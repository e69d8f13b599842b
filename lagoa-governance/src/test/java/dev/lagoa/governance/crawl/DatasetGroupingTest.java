package dev.lagoa.governance.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.core.pipeline.DataFormat;
import dev.lagoa.core.pipeline.IbovPipeline;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetGroupingTest {
    private static final BucketName B3 = BucketName.of("lagoa-b3");
    private final DatasetGrouping grouping = new DatasetGrouping("lagoa", List.of(IbovPipeline.DEFINITION), Map.of("b3-bucket", "lagoa-b3"));

    private static List<ObjectSummary> objects(String... keys) {
        return Arrays.stream(keys).map(key -> new ObjectSummary(ObjectKey.of(key), 10, "etag", Instant.EPOCH)).toList();
    }

    private static DatasetGroup dataset(DatasetGrouping.BucketContents contents, String table) {
        return contents.datasets().stream().filter(dataset -> dataset.table().table().equals(table)).findFirst().orElseThrow();
    }

    @Test
    void declaredDatasetsAreGroupedByTheirPatternsWithTheirPartitions() {
        DatasetGrouping.BucketContents contents = grouping.group(B3, objects(
                "refined/ativos/data=2022-12-08/acao=VALE3/part-0.parquet",
                "refined/ativos/data=2022-12-08/acao=PETR4/part-0.parquet",
                "raw/2022-12-08/dados_originais.parquet",
                "raw/2022-12-08/resposta_b3.json"));

        assertThat(contents.datasets()).extracting(DatasetGroup::table)
                .containsExactly(TableName.of("lagoa", "ibov_ativos"), TableName.of("lagoa", "ibov_bronze"), TableName.of("lagoa", "ibov_raw"));
        DatasetGroup ativos = dataset(contents, "ibov_ativos");
        assertThat(ativos.location()).isEqualTo("s3://lagoa-b3/refined/ativos/");
        assertThat(ativos.declared()).hasValueSatisfying(pattern -> assertThat(pattern.dataset().id()).isEqualTo("ibov-ativos"));
        assertThat(ativos.files()).hasSize(2);
        assertThat(ativos.partitionValues()).containsExactly(
                Map.entry("data", List.of("2022-12-08", "2022-12-08")), Map.entry("acao", List.of("VALE3", "PETR4")));
        assertThat(ativos.partitions()).containsExactly(
                Map.entry(List.of("2022-12-08", "PETR4"), "s3://lagoa-b3/refined/ativos/data=2022-12-08/acao=PETR4/"),
                Map.entry(List.of("2022-12-08", "VALE3"), "s3://lagoa-b3/refined/ativos/data=2022-12-08/acao=VALE3/"));
        assertThat(ativos.pathPattern()).isEmpty();
        DatasetGroup bronze = dataset(contents, "ibov_bronze");
        assertThat(bronze.root()).isEqualTo("raw/");
        assertThat(bronze.format()).isEqualTo(DataFormat.PARQUET);
        assertThat(bronze.partitionValues()).containsExactly(Map.entry("date", List.of("2022-12-08")));
    }

    @Test
    void undeclaredDatasetsAreGroupedByFolderUpToTheFirstPartitionFolder() {
        DatasetGrouping.BucketContents contents = grouping.group(B3, objects(
                "exports/clientes/2025-01-01/clientes.csv",
                "exports/clientes/2025-01-02/clientes.csv",
                "logs/app/year=2024/month=01/events.jsonl"));

        DatasetGroup clientes = dataset(contents, "lagoa_b3_exports_clientes");
        assertThat(clientes.root()).isEqualTo("exports/clientes/");
        assertThat(clientes.declared()).isEmpty();
        assertThat(clientes.format()).isEqualTo(DataFormat.CSV);
        assertThat(clientes.pathPattern()).contains("{date}/");
        assertThat(clientes.partitions()).containsOnlyKeys(List.of("2025-01-01"), List.of("2025-01-02"));
        DatasetGroup logs = dataset(contents, "lagoa_b3_logs_app");
        assertThat(logs.pathPattern()).isEmpty();
        assertThat(logs.partitionValues()).containsOnlyKeys("year", "month");
    }

    @Test
    void jsonDocumentsAndJsonLinesAreOneDatasetAndOtherFormatsInTheSameFolderAreNamedByFormat() {
        DatasetGrouping.BucketContents contents = grouping.group(B3, objects(
                "exports/mixed/a.json", "exports/mixed/b.jsonl", "exports/mixed/c.parquet", "exports/mixed/d.csv.gz"));

        assertThat(contents.datasets()).extracting(dataset -> dataset.table().table(), DatasetGroup::format).containsExactly(
                tuple("lagoa_b3_exports_mixed", DataFormat.JSON),
                tuple("lagoa_b3_exports_mixed_parquet", DataFormat.PARQUET),
                tuple("lagoa_b3_exports_mixed_csv", DataFormat.CSV));
        assertThat(dataset(contents, "lagoa_b3_exports_mixed").files()).hasSize(2);
    }

    @Test
    void aFileWhoseFormatDoesNotFitItsDeclaredDatasetOrWhoseBucketDiffersIsFoundByItsFolders() {
        assertThat(grouping.group(B3, objects("refined/ativos/data=2022-12-08/extra.csv")).datasets()).singleElement()
                .satisfies(dataset -> assertThat(dataset.table().table()).isEqualTo("lagoa_b3_refined_ativos"));
        assertThat(grouping.group(BucketName.of("other-bucket"), objects("refined/ativos/data=2022-12-08/part-0.parquet")).datasets())
                .singleElement().satisfies(dataset -> assertThat(dataset.declared()).isEmpty());
    }

    @Test
    void hiddenObjectsBelongNowhereAndFilesWithoutAKnownExtensionAreNotData() {
        DatasetGrouping.BucketContents contents = grouping.group(B3, objects(
                "refined/ativos/data=2022-12-09/acao=XXXX3/_temporary/part-0.parquet",
                "refined/ativos/.part-0.parquet.crc",
                CrawlState.FILES_KEY,
                "notes/readme.txt",
                "refined/header/data=2022-12-08/part-0.parquet"));

        assertThat(contents.datasets()).singleElement().satisfies(dataset -> assertThat(dataset.table().table()).isEqualTo("ibov_header"));
        assertThat(contents.notData()).extracting(object -> object.key().value()).containsExactly("notes/readme.txt");
        assertThat(contents.visibleObjects()).isEqualTo(2);
    }
}
