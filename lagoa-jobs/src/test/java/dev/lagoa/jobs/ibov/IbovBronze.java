package dev.lagoa.jobs.ibov;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.jobs.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * IBOV bronze files as the control plane writes them: B3's {@code GetPortfolioDay} response, one row per result with
 * the header repeated, every value the exact text received.
 */
public final class IbovBronze {
    static final String FIXTURE = "b3/GetPortfolioDay_2022-12-08_pt-br_segment2.json";
    /** An SMLL portfolio adapted from the recorded IBOV one (see the fixtures' README): 15 of its stocks, weights renormalised. */
    static final String SMLL_FIXTURE = "b3/GetPortfolioDay_2022-12-08_pt-br_segment2_SMLL-adapted.json";
    static final String PAYLOAD = "{\"pageNumber\":1,\"pageSize\":9999,\"language\":\"pt-br\",\"index\":\"IBOV\",\"segment\":2}";
    static final StructType SCHEMA = new StructType()
            .add("index_code", DataTypes.StringType)
            .add("page_number", DataTypes.IntegerType)
            .add("page_size", DataTypes.IntegerType)
            .add("total_records", DataTypes.IntegerType)
            .add("total_pages", DataTypes.IntegerType)
            .add("header_date", DataTypes.StringType)
            .add("header_text", DataTypes.StringType)
            .add("header_part", DataTypes.StringType)
            .add("header_part_acum", DataTypes.StringType)
            .add("header_text_reductor", DataTypes.StringType)
            .add("header_reductor", DataTypes.StringType)
            .add("header_theorical_qty", DataTypes.StringType)
            .add("segment", DataTypes.StringType)
            .add("cod", DataTypes.StringType)
            .add("asset", DataTypes.StringType)
            .add("type", DataTypes.StringType)
            .add("part", DataTypes.StringType)
            .add("part_acum", DataTypes.StringType)
            .add("theorical_qty", DataTypes.StringType)
            .add("text_damaged", DataTypes.BooleanType)
            .add("source_url", DataTypes.StringType)
            .add("collected_at", DataTypes.TimestampType);
    static final Instant COLLECTED_AT = Instant.parse("2022-12-08T21:15:00Z");

    private IbovBronze() {}

    /** The recorded 2022-12-08 response. */
    public static ObjectNode response() {
        return (ObjectNode) Fixtures.json(FIXTURE);
    }

    /** The SMLL response adapted from the recorded day. */
    static ObjectNode smll() {
        return (ObjectNode) Fixtures.json(SMLL_FIXTURE);
    }

    /** The SMLL response changed by {@code edit}. */
    static ObjectNode smll(Consumer<ObjectNode> edit) {
        ObjectNode response = smll();
        edit.accept(response);
        ((ObjectNode) response.get("page")).put("totalRecords", response.get("results").size());
        return response;
    }

    /** The recorded response changed by {@code edit} (header date, results). */
    static ObjectNode response(Consumer<ObjectNode> edit) {
        ObjectNode response = response();
        edit.accept(response);
        ((ObjectNode) response.get("page")).put("totalRecords", response.get("results").size());
        return response;
    }

    static ObjectNode result(ObjectNode response, String cod) {
        for (JsonNode result : response.get("results")) {
            if (result.get("cod").asText().equals(cod)) {
                return (ObjectNode) result;
            }
        }
        throw new IllegalArgumentException("No result " + cod);
    }

    static void remove(ObjectNode response, String cod) {
        ArrayNode results = (ArrayNode) response.get("results");
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).get("cod").asText().equals(cod)) {
                results.remove(i);
                return;
            }
        }
        throw new IllegalArgumentException("No result " + cod);
    }

    /** Writes {@code response} as the IBOV bronze file {@code file}. */
    public static Path write(SparkSession spark, JsonNode response, Path file) {
        return write(spark, response, file, "IBOV");
    }

    /** Writes {@code response} as the bronze file {@code file} of {@code index}. */
    static Path write(SparkSession spark, JsonNode response, Path file, String index) {
        JsonNode page = response.get("page");
        JsonNode header = response.get("header");
        String sourceUrl = "https://sistemaswebb3-listados.b3.com.br/indexProxy/indexCall/GetPortfolioDay/"
                + Base64.getEncoder().encodeToString(PAYLOAD.replace("IBOV", index).getBytes(StandardCharsets.UTF_8));
        List<Row> rows = new ArrayList<>();
        for (JsonNode result : response.get("results")) {
            boolean damaged = false;
            for (String field : List.of("segment", "cod", "asset", "type")) {
                damaged |= text(result, field) != null && text(result, field).contains("\uFFFD");
            }
            rows.add(RowFactory.create(index, page.get("pageNumber").asInt(), page.get("pageSize").asInt(), page.get("totalRecords").asInt(),
                    page.get("totalPages").asInt(), text(header, "date"), text(header, "text"), text(header, "part"), text(header, "partAcum"),
                    text(header, "textReductor"), text(header, "reductor"), text(header, "theoricalQty"), text(result, "segment"),
                    text(result, "cod"), text(result, "asset"), text(result, "type"), text(result, "part"), text(result, "partAcum"),
                    text(result, "theoricalQty"), damaged, sourceUrl, Timestamp.from(COLLECTED_AT)));
        }
        return Fixtures.writeParquet(spark.createDataFrame(rows, SCHEMA), file);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
