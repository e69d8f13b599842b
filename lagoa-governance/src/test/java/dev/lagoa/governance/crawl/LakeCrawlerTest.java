package dev.lagoa.governance.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TablePartition;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.PutOptions;
import dev.lagoa.core.pipeline.IbovPipeline;
import dev.lagoa.core.query.QueryResult;
import dev.lagoa.duckdb.DuckDbFileSchemaReader;
import dev.lagoa.duckdb.DuckDbQueryEngine;
import dev.lagoa.duckdb.ParquetFiles;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.SqliteCatalog;
import dev.lagoa.local.Workspace;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeCrawlerTest {
    private static final BucketName B3 = BucketName.of("lagoa-b3");
    private static final List<TableColumn> ATIVOS = List.of(new TableColumn("data_pregao", "date", ""), new TableColumn("participacao_pct", "decimal(9,3)", ""));

    @TempDir
    Path home;
    private Workspace workspace;
    private LocalObjectStore lake;
    private SqliteCatalog catalog;
    private LakeCrawler crawler;

    @BeforeEach
    void open() {
        workspace = Workspace.open(home);
        lake = new LocalObjectStore(workspace);
        lake.createBucket(B3);
        catalog = new SqliteCatalog(workspace.metadataDatabase(), Clock.systemUTC());
        crawler = new LakeCrawler(lake, new DuckDbFileSchemaReader(), catalog, "lagoa", List.of(IbovPipeline.DEFINITION), Map.of("b3-bucket", "lagoa-b3"),
                location -> Optional.of(workspace.bucketFolder(location.bucket()).resolve(location.key())));
    }

    @AfterEach
    void close() {
        catalog.close();
        lake.close();
    }

    private void parquet(String key, List<TableColumn> columns, List<Object> row) {
        ParquetFiles.write(workspace.bucketFolder(B3).resolve(key), columns, List.of(row));
    }

    private void text(String key, String content) {
        lake.put(B3, ObjectKey.of(key), content.getBytes(StandardCharsets.UTF_8), PutOptions.contentType("text/plain"));
    }

    @Test
    void cataloguesDeclaredAndUndeclaredDatasetsWithTheirPartitions() {
        parquet("refined/ativos/data=2022-12-08/acao=PETR4/part-0.parquet", ATIVOS, Arrays.asList(LocalDate.parse("2022-12-08"), new BigDecimal("5.720")));
        parquet("refined/ativos/data=2022-12-08/acao=VALE3/part-0.parquet", ATIVOS, Arrays.asList(LocalDate.parse("2022-12-08"), new BigDecimal("19.064")));
        parquet("raw/2022-12-08/dados_originais.parquet", List.of(new TableColumn("cod", "string", ""), new TableColumn("part", "string", "")),
                Arrays.asList("PETR4", "5,720"));
        text("exports/clientes/2025-01-01/clientes.csv", "id,nome\n1,Ana\n2,Bruno\n");
        text("refined/ativos/data=2022-12-09/acao=XXXX3/_temporary/part-0.parquet", "half written");
        text("notes/readme.txt", "not data");

        CrawlResult result = crawler.crawl(List.of(B3));

        assertThat(result.datasets()).extracting(dataset -> dataset.table().table())
                .containsExactlyInAnyOrder("ibov_ativos", "ibov_bronze", "lagoa_b3_exports_clientes");
        CrawledDataset ativos = result.datasets().stream().filter(dataset -> dataset.table().table().equals("ibov_ativos")).findFirst().orElseThrow();
        assertThat(ativos.rows()).isEqualTo(2);
        assertThat(ativos.partitions()).isEqualTo(2);
        assertThat(ativos.pipeline()).contains("ibov");
        assertThat(ativos.layer()).contains("refined");
        TableDefinition table = catalog.table(TableName.of("lagoa", "ibov_ativos")).orElseThrow();
        assertThat(table.partitionKeys()).extracting(TableColumn::name, TableColumn::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("data", "date"), org.assertj.core.groups.Tuple.tuple("acao", "string"));
        assertThat(table.owner()).isEqualTo("mercado-de-capitais");
        assertThat(catalog.partitions(table.name())).extracting(TablePartition::values)
                .containsExactly(List.of("2022-12-08", "PETR4"), List.of("2022-12-08", "VALE3"));
        TableDefinition bronze = catalog.table(TableName.of("lagoa", "ibov_bronze")).orElseThrow();
        assertThat(bronze.parameters()).containsEntry("lagoa.path-pattern", "{date}/dados_originais.parquet");
        assertThat(result.skipped()).singleElement().asString().contains("notes/readme.txt");
    }

    @Test
    void aSecondCrawlOfAnUnchangedLakeReadsNoFileAndAChangedSchemaIsReported() {
        parquet("refined/ativos/data=2022-12-08/acao=PETR4/part-0.parquet", ATIVOS, Arrays.asList(LocalDate.parse("2022-12-08"), new BigDecimal("5.720")));
        assertThat(crawler.crawl(List.of(B3)).filesRead()).isEqualTo(1);

        CrawlResult again = crawler.crawl(List.of(B3));
        assertThat(again.filesRead()).isZero();
        assertThat(again.datasets()).singleElement().extracting(CrawledDataset::schemaChanges).asList().isEmpty();

        parquet("refined/ativos/data=2022-12-09/acao=PETR4/part-0.parquet",
                List.of(ATIVOS.get(0), ATIVOS.get(1), new TableColumn("posicao", "int", "")), Arrays.asList(LocalDate.parse("2022-12-09"), new BigDecimal("5.8"), 3));
        CrawlResult changed = crawler.crawl(List.of(B3));

        assertThat(changed.filesRead()).isEqualTo(1);
        assertThat(changed.datasets()).singleElement().extracting(CrawledDataset::schemaChanges).asList().containsExactly("added posicao int");
        assertThat(catalog.versions(TableName.of("lagoa", "ibov_ativos"))).hasSize(2);
    }

    @Test
    void columnDescriptionsFromTheJobsCommitsAreKept() {
        parquet("refined/ativos/data=2022-12-08/acao=PETR4/part-0.parquet", ATIVOS, Arrays.asList(LocalDate.parse("2022-12-08"), new BigDecimal("5.720")));
        catalog.createOrUpdateTable(new TableDefinition(TableName.of("lagoa", "ibov_ativos"), "s3://lagoa-b3/refined/ativos/",
                dev.lagoa.core.pipeline.DataFormat.PARQUET, List.of(new TableColumn("data_pregao", "date", "Data do pregão"),
                new TableColumn("participacao_pct", "decimal(9,3)", "Participação no índice")), List.of(new TableColumn("data", "date", "Partição"),
                new TableColumn("acao", "string", "Código")), "", "", Map.of()));

        crawler.crawl(List.of(B3));

        assertThat(catalog.table(TableName.of("lagoa", "ibov_ativos")).orElseThrow().columns()).extracting(TableColumn::comment)
                .containsExactly("Data do pregão", "Participação no índice");
    }

    /** A CPF with valid check digits, formatted. */
    private static String cpf(int seed) {
        int[] digits = new int[11];
        String base = String.format("%09d", 123_456_000 + seed * 7919 % 1_000_000);
        for (int i = 0; i < 9; i++) {
            digits[i] = base.charAt(i) - '0';
        }
        for (int check = 9; check <= 10; check++) {
            int sum = 0;
            for (int i = 0; i < check; i++) {
                sum += digits[i] * (check + 1 - i);
            }
            int rest = sum % 11;
            digits[check] = rest < 2 ? 0 : 11 - rest;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            text.append(digits[i]).append(i == 2 || i == 5 ? "." : i == 8 ? "-" : "");
        }
        return text.toString();
    }

    @Test
    void classifiesColumnsFromASampleAndADismissalSticksAcrossCrawls() {
        StringBuilder csv = new StringBuilder("id,documento,contato,codigo_pedido\n");
        for (int i = 1; i <= 40; i++) {
            csv.append(i).append(',').append(cpf(i)).append(",cliente").append(i).append("@exemplo.com.br,").append(11_900_000_000L + i * 37).append('\n');
        }
        text("exports/clientes/clientes.csv", csv.toString());
        try (dev.lagoa.local.SqliteTagStore tags = new dev.lagoa.local.SqliteTagStore(workspace.metadataDatabase())) {
            LakeCrawler classifying = crawler.withClassification(dev.lagoa.governance.classify.PiiClassifier.create(), tags);

            CrawledDataset clientes = classifying.crawl(List.of(B3)).datasets().get(0);

            assertThat(clientes.classifications()).containsExactlyInAnyOrder("documento PII.CPF", "contato PII.EMAIL");
            TableName table = TableName.of("lagoa", "lagoa_b3_exports_clientes");
            assertThat(tags.tags(table)).filteredOn(tag -> tag.tag().equals("PII.CPF")).singleElement()
                    .satisfies(tag -> assertThat(tag.note()).contains("40").doesNotContain(cpf(1)));
            tags.dismiss(new dev.lagoa.core.catalog.TagStore.Dismissal(table, "contato", "PII.EMAIL", "test addresses", "ana", java.time.Instant.now()));

            text("exports/clientes/clientes.csv", csv + "41," + cpf(41) + ",outro@exemplo.com.br," + 11_900_001_600L + "\n");
            CrawledDataset again = classifying.crawl(List.of(B3)).datasets().get(0);

            assertThat(again.classifications()).containsExactly("documento PII.CPF");
        }
    }

    @Test
    void aFileThatIsNotItsFormatIsSkippedAndNamed() {
        text("refined/header/data=2022-12-08/part-0.parquet", "this is not parquet");

        CrawlResult result = crawler.crawl(List.of(B3));

        assertThat(result.datasets()).isEmpty();
        assertThat(result.skipped()).singleElement().asString()
                .startsWith("s3://lagoa-b3/refined/header/data=2022-12-08/part-0.parquet: Cannot read ");
    }

    @Test
    void aTableWithAPathPatternAnswersSqlWithItsPartitionValues() {
        parquet("raw/2022-12-08/dados_originais.parquet", List.of(new TableColumn("cod", "string", "")), Arrays.asList("PETR4"));
        parquet("raw/2022-12-09/dados_originais.parquet", List.of(new TableColumn("cod", "string", "")), Arrays.asList("VALE3"));
        crawler.crawl(List.of(B3));

        try (DuckDbQueryEngine engine = DuckDbQueryEngine.open(catalog.tables("lagoa"),
                location -> workspace.bucketFolder(BucketName.of("lagoa-b3")).resolve(location.substring("s3://lagoa-b3/".length())), workspace.lake(),
                new DuckDbQueryEngine.Limits(workspace.temporary().resolve("duckdb"), "1g", java.time.Duration.ofMinutes(5)))) {
            QueryResult result = engine.query("select date, cod from ibov_bronze order by date", 10);
            assertThat(result.rows()).containsExactly(List.of(LocalDate.parse("2022-12-08"), "PETR4"), List.of(LocalDate.parse("2022-12-09"), "VALE3"));
        }
    }
}
