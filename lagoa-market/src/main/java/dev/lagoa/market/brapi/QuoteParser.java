package dev.lagoa.market.brapi;

import dev.lagoa.market.MarketErrorCode;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.market.http.RawResponse;
import dev.lagoa.market.http.SourceJson;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads BRAPI's quote answers, from the client or from responses kept in the lake. Types are strict: a number
 * that arrives as text, a bar that is not an object, a {@code results} that is not an array are refused with
 * {@link ErrorCode#SOURCE_RESPONSE_INVALID}. Absent and null values are not: they become nulls that
 * {@link QuoteValidator} reports.
 */
public final class QuoteParser {
    static final String SOURCE = "BRAPI";
    private static final Pattern TOOK = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s)");

    private QuoteParser() {}

    /**
     * @throws LagoaException {@link ErrorCode#SOURCE_RESPONSE_INVALID} when the body is not JSON, is truncated, is
     *         BRAPI's error object, or holds a value of the wrong type
     */
    public static QuoteResponse parse(RawResponse response) {
        requireNonNull(response, "response is null");
        JsonNode root = SourceJson.parse(SOURCE, response, response.decode().text());
        String where = "(GET %s)".formatted(response.url());
        if (!root.isObject()) {
            throw invalid("BRAPI answered a JSON %s, not an object %s".formatted(type(root), where));
        }
        if (root.path("error").asBoolean(false)) {
            throw invalid("BRAPI answered an error: %s %s".formatted(root.path("message").asText("(no message)"), where));
        }
        JsonNode resultsNode = root.get("results");
        if (resultsNode == null || !resultsNode.isArray()) {
            throw invalid("BRAPI answered without a results array " + where);
        }
        List<Quote> results = new ArrayList<>();
        for (JsonNode node : resultsNode) {
            results.add(quote(node, "results[%d]".formatted(results.size()), where));
        }
        return new QuoteResponse(results, instant(root, "requestedAt", "", where), took(root.get("took"), where));
    }

    private static Quote quote(JsonNode node, String field, String where) {
        if (!node.isObject()) {
            throw invalid("BRAPI answered %s as a JSON %s, not an object %s".formatted(field, type(node), where));
        }
        List<DailyBar> bars = new ArrayList<>();
        JsonNode barsNode = node.get("historicalDataPrice");
        if (barsNode != null && !barsNode.isNull()) {
            if (!barsNode.isArray()) {
                throw invalid("BRAPI answered %s.historicalDataPrice as a JSON %s, not an array %s".formatted(field, type(barsNode), where));
            }
            for (JsonNode bar : barsNode) {
                String barField = "%s.historicalDataPrice[%d]".formatted(field, bars.size());
                if (!bar.isObject()) {
                    throw invalid("BRAPI answered %s as a JSON %s, not an object %s".formatted(barField, type(bar), where));
                }
                bars.add(DailyBar.of(
                        integer(bar, "date", barField, where),
                        decimal(bar, "open", barField, where),
                        decimal(bar, "high", barField, where),
                        decimal(bar, "low", barField, where),
                        decimal(bar, "close", barField, where),
                        decimal(bar, "adjustedClose", barField, where),
                        integer(bar, "volume", barField, where)));
            }
        }
        return new Quote(
                text(node, "symbol", field, where),
                text(node, "shortName", field, where),
                text(node, "longName", field, where),
                text(node, "currency", field, where),
                decimal(node, "regularMarketPrice", field, where),
                decimal(node, "regularMarketDayHigh", field, where),
                decimal(node, "regularMarketDayLow", field, where),
                text(node, "regularMarketDayRange", field, where),
                decimal(node, "regularMarketChange", field, where),
                decimal(node, "regularMarketChangePercent", field, where),
                instant(node, "regularMarketTime", field + ".", where),
                decimal(node, "marketCap", field, where),
                integer(node, "regularMarketVolume", field, where),
                decimal(node, "regularMarketPreviousClose", field, where),
                decimal(node, "regularMarketOpen", field, where),
                text(node, "fiftyTwoWeekRange", field, where),
                decimal(node, "fiftyTwoWeekLow", field, where),
                decimal(node, "fiftyTwoWeekHigh", field, where),
                decimal(node, "priceEarnings", field, where),
                decimal(node, "earningsPerShare", field, where),
                text(node, "logourl", field, where),
                text(node, "usedInterval", field, where),
                text(node, "usedRange", field, where),
                bars);
    }

    private static String text(JsonNode object, String name, String field, String where) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("BRAPI answered %s.%s as a JSON %s, not text %s".formatted(field, name, type(value), where));
        }
        return value.textValue();
    }

    private static BigDecimal decimal(JsonNode object, String name, String field, String where) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalid("BRAPI answered %s.%s as %s, not a number %s".formatted(field, name, value, where));
        }
        return value.decimalValue();
    }

    private static Long integer(JsonNode object, String name, String field, String where) {
        BigDecimal value = decimal(object, name, field, where);
        if (value == null) {
            return null;
        }
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw invalid("BRAPI answered %s.%s as %s, not a whole number %s".formatted(field, name, value.toPlainString(), where));
        }
    }

    /** An ISO-8601 instant, or unix seconds. */
    private static Instant instant(JsonNode object, String name, String prefix, String where) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Instant.ofEpochSecond(value.longValue());
        }
        if (value.isTextual()) {
            try {
                return Instant.parse(value.textValue());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw invalid("BRAPI answered %s%s as %s, not an ISO-8601 instant %s".formatted(prefix, name, value, where));
    }

    /** {@code took}: a number of milliseconds, or a text like "8ms" or "1.5s". */
    private static Duration took(JsonNode value, String where) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber() && value.decimalValue().signum() >= 0) {
            return Duration.ofNanos(value.decimalValue().movePointRight(6).longValue());
        }
        if (value.isTextual()) {
            Matcher matcher = TOOK.matcher(value.textValue().strip().toLowerCase(Locale.ROOT));
            if (matcher.matches()) {
                BigDecimal amount = new BigDecimal(matcher.group(1));
                return Duration.ofNanos(amount.movePointRight(matcher.group(2).equals("ms") ? 6 : 9).longValue());
            }
        }
        throw invalid("BRAPI answered took as %s, not a number of milliseconds or a text like \"8ms\" %s".formatted(value, where));
    }

    private static String type(JsonNode node) {
        return node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    private static LagoaException invalid(String message) {
        return new LagoaException(MarketErrorCode.SOURCE_RESPONSE_INVALID, message);
    }
}
