package dev.lagoa.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.query.QueryResult;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Athena query engine against a stub of Athena's JSON 1.1 API (one operation per {@code X-Amz-Target}). */
class AthenaQueryEngineIT {
    private static final String ID = "1b6c3c9e-0000-4000-8000-000000000001";
    private static WireMockServer athena;

    @BeforeAll
    static void startStub() {
        athena = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        athena.start();
    }

    @AfterAll
    static void stopStub() {
        athena.stop();
    }

    @BeforeEach
    void reset() {
        athena.resetAll();
    }

    static AwsConfig aws(String baseUrl) {
        return AwsConfig.defaults("sa-east-1").withEndpointOverride(URI.create(baseUrl)).withStaticCredentials("lagoa-access", "lagoa-secret");
    }

    private AthenaQueryEngine engine(Duration timeout) {
        return AthenaQueryEngine.create(aws(athena.baseUrl()), new AthenaConfig("lagoa", Optional.empty(), Duration.ofMillis(1)), "lagoa", timeout);
    }

    static MappingBuilder operation(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonAthena." + operation));
    }

    static void answer(WireMockServer server, MappingBuilder request, String body) {
        server.stubFor(request.willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body)));
    }

    /** A started query that ends in {@code state}, whose results are the three pages of {@link #stubPages}. */
    static void stubQuery(WireMockServer server, String state, String reason) {
        answer(server, operation("StartQueryExecution"), "{\"QueryExecutionId\":\"" + ID + "\"}");
        answer(server, operation("GetQueryExecution"), """
                {"QueryExecution":{"QueryExecutionId":"%s","Status":{"State":"%s"%s}}}""".formatted(ID, state,
                reason == null ? "" : ",\"StateChangeReason\":\"" + reason + "\""));
        answer(server, operation("StopQueryExecution"), "{}");
    }

    /** Three pages: the header and PETR4, VALE3 after the first token, ITUB4 (with a NULL weight) after the second. */
    static void stubPages(WireMockServer server) {
        String metadata = """
                "ResultSetMetadata":{"ColumnInfo":[{"Name":"acao","Type":"varchar"},{"Name":"participacao_pct","Type":"decimal"},
                {"Name":"quantidade","Type":"bigint"},{"Name":"data_pregao","Type":"date"}]}""";
        answer(server, operation("GetQueryResults").withRequestBody(notContaining("NextToken")).atPriority(2), """
                {"ResultSet":{"Rows":[{"Data":[{"VarCharValue":"acao"},{"VarCharValue":"participacao_pct"},{"VarCharValue":"quantidade"},
                {"VarCharValue":"data_pregao"}]},{"Data":[{"VarCharValue":"PETR4"},{"VarCharValue":"7.123"},{"VarCharValue":"4566457000"},
                {"VarCharValue":"2022-12-08"}]}],%s},"NextToken":"page-2"}""".formatted(metadata));
        answer(server, operation("GetQueryResults").withRequestBody(containing("\"page-2\"")).atPriority(1), """
                {"ResultSet":{"Rows":[{"Data":[{"VarCharValue":"VALE3"},{"VarCharValue":"12.5"},{"VarCharValue":"4196924316"},
                {"VarCharValue":"2022-12-08"}]}],%s},"NextToken":"page-3"}""".formatted(metadata));
        answer(server, operation("GetQueryResults").withRequestBody(containing("\"page-3\"")).atPriority(1), """
                {"ResultSet":{"Rows":[{"Data":[{"VarCharValue":"ITUB4"},{},{"VarCharValue":"4801593832"},{"VarCharValue":"2022-12-08"}]}],%s}}"""
                .formatted(metadata));
    }

    @Test
    void readsEveryPageTypedWithoutTheHeaderRow() {
        stubQuery(athena, "SUCCEEDED", null);
        stubPages(athena);

        QueryResult result;
        try (AthenaQueryEngine engine = engine(Duration.ofMinutes(1))) {
            result = engine.query("select acao, participacao_pct, quantidade, data_pregao from ibov_ativos", 100);
        }

        assertThat(result.columns()).extracting(QueryResult.Column::name).containsExactly("acao", "participacao_pct", "quantidade", "data_pregao");
        assertThat(result.rows()).containsExactly(
                List.of("PETR4", new BigDecimal("7.123"), 4566457000L, LocalDate.of(2022, 12, 8)),
                List.of("VALE3", new BigDecimal("12.5"), 4196924316L, LocalDate.of(2022, 12, 8)),
                java.util.Arrays.asList("ITUB4", null, 4801593832L, LocalDate.of(2022, 12, 8)));
        assertThat(result.truncated()).isFalse();
        athena.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonAthena.StartQueryExecution"))
                .withRequestBody(containing("\"WorkGroup\":\"lagoa\"")).withRequestBody(containing("\"Database\":\"lagoa\"")));
    }

    @Test
    void stopsReadingAtMaxRowsAndSaysTheResultIsTruncated() {
        stubQuery(athena, "SUCCEEDED", null);
        stubPages(athena);

        try (AthenaQueryEngine engine = engine(Duration.ofMinutes(1))) {
            QueryResult result = engine.query("select * from ibov_ativos", 2);
            assertThat(result.rows()).extracting(row -> row.get(0)).containsExactly("PETR4", "VALE3");
            assertThat(result.truncated()).isTrue();
        }
    }

    @Test
    void aSyntaxErrorIsTheUsersWithAthenasReason() {
        stubQuery(athena, "FAILED", "SYNTAX_ERROR: line 1:8: Column 'acoa' cannot be resolved");

        try (AthenaQueryEngine engine = engine(Duration.ofMinutes(1))) {
            assertThatThrownBy(() -> engine.query("select acoa from ibov_ativos", 10))
                    .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_QUERY))
                    .hasMessage("Query failed: SYNTAX_ERROR: line 1:8: Column 'acoa' cannot be resolved (Athena query " + ID + ")");
        }
    }

    @Test
    void aQueryPastTheTimeoutIsStopped() {
        stubQuery(athena, "RUNNING", null);

        try (AthenaQueryEngine engine = engine(Duration.ofMillis(50))) {
            assertThatThrownBy(() -> engine.query("select count(*) from ibov_ativos", 10))
                    .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_QUERY))
                    .hasMessageStartingWith("Query cancelled: it ran longer than 50ms (sql.timeout");
        }
        athena.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonAthena.StopQueryExecution"))
                .withRequestBody(containing(ID)));
    }

    @Test
    void aCancelledQueryIsAnAwsError() {
        stubQuery(athena, "CANCELLED", "Query cancelled by user");

        try (AthenaQueryEngine engine = engine(Duration.ofMinutes(1))) {
            assertThatThrownBy(() -> engine.query("select 1", 10))
                    .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AWS_ERROR))
                    .hasMessageContaining("was cancelled in Athena (workgroup lagoa): Query cancelled by user");
        }
    }

    @Test
    void deniedAccessNamesTheAction() {
        athena.stubFor(operation("StartQueryExecution").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"AccessDeniedException\",\"Message\":\"User: arn:aws:iam::123456789012:user/ana is not authorized\"}")));

        try (AthenaQueryEngine engine = engine(Duration.ofMinutes(1))) {
            assertThatThrownBy(() -> engine.query("select 1", 10))
                    .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                    .hasMessageContaining("athena:StartQueryExecution").hasMessageContaining("is not authorized");
        }
    }

    @Test
    void onlyOneSelectIsSentAndNothingElseReachesAthena() {
        try (AthenaQueryEngine engine = engine(Duration.ofMinutes(1))) {
            for (String sql : List.of("insert into t select 1", "select 1; drop table t", "create table t as select 1", "unload (select 1) to 's3://x/'",
                    "-- select\ndrop table t", "")) {
                assertThatThrownBy(() -> engine.query(sql, 10)).as(sql)
                        .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_QUERY))
                        .hasMessageStartingWith("lagoa sql runs one read-only SELECT statement: ");
            }
        }
        assertThat(athena.getAllServeEvents()).isEmpty();
        assertThat(ReadOnlyStatement.problem("with t as (select ';' as x) select * from t -- ; drop")).isEmpty();
        assertThat(ReadOnlyStatement.problem("(select 1);")).isEmpty();
    }
}
