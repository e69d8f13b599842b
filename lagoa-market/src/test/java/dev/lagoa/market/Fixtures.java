package dev.lagoa.market;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.market.http.RawResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The recorded responses under {@code src/test/resources/fixtures} (see its README), and pages made from them. */
public final class Fixtures {
    public static final String PT_BR_2022 = "b3/GetPortfolioDay_2022-12-08_pt-br_segment2.json";
    public static final String EN_US_2025 = "b3/GetPortfolioDay_2025-04-07_en-us_segment2.json";
    public static final String BRAPI_2026 = "brapi/quote_PETR4_2026-04-25.json";
    public static final String BRAPI_1MO_2025 = "brapi/quote_PETR4_VALE3_range-1mo_interval-1d_2025-07-21.json";
    public static final Instant RECEIVED = Instant.parse("2022-12-08T21:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    public static ObjectNode json(String name) {
        return (ObjectNode) parse(text(name));
    }

    public static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 200 JSON response with {@code body} as UTF-8. */
    public static RawResponse response(String body) {
        return response(body.getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8");
    }

    public static RawResponse response(byte[] body, String contentType) {
        return new RawResponse("http://127.0.0.1/test", 200, Map.of("content-type", contentType), body, RECEIVED, 1);
    }

    /**
     * The 2022 pt-br answer cut into pages of {@code pageSize} rows, each with the same header and totals and its own
     * page number, as B3 pages a portfolio.
     */
    public static List<String> pages(int pageSize) {
        ObjectNode whole = json(PT_BR_2022);
        ArrayNode rows = (ArrayNode) whole.get("results");
        int totalPages = (rows.size() + pageSize - 1) / pageSize;
        List<String> pages = new ArrayList<>();
        for (int page = 0; page < totalPages; page++) {
            ObjectNode copy = whole.deepCopy();
            ((ObjectNode) copy.get("page")).put("pageNumber", page + 1).put("pageSize", pageSize).put("totalPages", totalPages);
            ArrayNode slice = copy.putArray("results");
            for (int row = page * pageSize; row < Math.min(rows.size(), (page + 1) * pageSize); row++) {
                slice.add(rows.get(row).deepCopy());
            }
            pages.add(write(copy));
        }
        return pages;
    }

    /**
     * The 2022 pt-br answer with the accents that its recording lost put back: each damaged segment name is the one
     * name of the 2025 answer it matches (U+FFFD standing for one letter), and the header's label is B3's
     * "Quantidade Teórica Total". Encoded in {@code charset}.
     */
    public static byte[] restoredPtBr2022(Charset charset) {
        ObjectNode whole = json(PT_BR_2022);
        List<String> names = new ArrayList<>();
        json(EN_US_2025).get("results").forEach(row -> names.add(row.get("segment").asText()));
        for (JsonNode row : whole.get("results")) {
            String segment = row.get("segment").asText();
            if (segment.indexOf('\uFFFD') >= 0) {
                Pattern pattern = Pattern.compile(Pattern.quote(segment).replace("\uFFFD", "\\E.\\Q"));
                String restored = names.stream().filter(name -> pattern.matcher(name).matches()).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no name for " + segment));
                ((ObjectNode) row).put("segment", restored);
            }
        }
        ((ObjectNode) whole.get("header")).put("text", "Quantidade Teórica Total");
        return write(whole).getBytes(charset);
    }
}
