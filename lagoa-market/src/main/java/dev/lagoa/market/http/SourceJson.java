package dev.lagoa.market.http;

import dev.lagoa.market.MarketErrorCode;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;

/**
 * Reads a source's body as JSON, strictly: a body that is not JSON (an HTML error page served with 200), a truncated
 * one, one with a duplicate key or anything after the value is refused with a message that says which. Numbers keep
 * their exact decimal text ({@code 31.10} stays {@code 31.10}).
 */
public final class SourceJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    private static final int EXCERPT_LENGTH = 80;

    private SourceJson() {}

    /**
     * The JSON of {@code text}, the decoded body of {@code response}.
     *
     * @throws LagoaException {@link ErrorCode#SOURCE_RESPONSE_INVALID} when the body is empty, not JSON, truncated or invalid
     */
    public static JsonNode parse(String sourceName, RawResponse response, String text) {
        requireNonNull(sourceName, "sourceName is null");
        requireNonNull(response, "response is null");
        requireNonNull(text, "text is null");
        String contentType = response.mediaType().orElse("no Content-Type");
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new LagoaException(MarketErrorCode.SOURCE_RESPONSE_INVALID, "%s answered %d with %s and an empty body, not JSON: GET %s".formatted(
                    sourceName, response.statusCode(), contentType, response.url()));
        }
        if (trimmed.charAt(0) != '{' && trimmed.charAt(0) != '[') {
            throw new LagoaException(MarketErrorCode.SOURCE_RESPONSE_INVALID, "%s answered %d with %s, not JSON: %s (GET %s)".formatted(
                    sourceName, response.statusCode(), contentType, excerpt(trimmed), response.url()));
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonEOFException e) {
            throw new LagoaException(MarketErrorCode.SOURCE_RESPONSE_INVALID, "%s answered truncated JSON: the body ends at character offset %d (%d bytes received) before the JSON is complete (GET %s)"
                    .formatted(sourceName, e.getLocation().getCharOffset(), response.bodyLength(), response.url()), e);
        } catch (JsonParseException e) {
            throw new LagoaException(MarketErrorCode.SOURCE_RESPONSE_INVALID, "%s answered invalid JSON at character offset %d: %s (GET %s)".formatted(
                    sourceName, e.getLocation().getCharOffset(), e.getOriginalMessage(), response.url()), e);
        } catch (JsonProcessingException e) {
            throw new LagoaException(MarketErrorCode.SOURCE_RESPONSE_INVALID, "%s answered invalid JSON: %s (GET %s)".formatted(
                    sourceName, e.getOriginalMessage(), response.url()), e);
        }
    }

    /** The first 80 characters of {@code text} on one line. */
    static String excerpt(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > EXCERPT_LENGTH ? oneLine.substring(0, EXCERPT_LENGTH) + "..." : oneLine;
    }
}
