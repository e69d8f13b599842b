package dev.lagoa.market.http;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP response exactly as it was received: the body's bytes untouched, the status, the headers that matter
 * to keep a faithful copy ({@link #KEPT_HEADERS}, names in lower case), when it arrived and after how many tries.
 * The URL is the one requested with every secret masked, so it can be stored and shown.
 */
public record RawResponse(String url, int statusCode, Map<String, String> headers, byte[] body, Instant receivedAt, int attempts) {
    /** The response headers kept: what says how to read the body and how fresh it is. */
    public static final List<String> KEPT_HEADERS =
            List.of("content-type", "content-length", "date", "etag", "last-modified", "retry-after", "location");

    public RawResponse {
        requireNonNull(url, "url is null");
        requireNonNull(headers, "headers is null");
        requireNonNull(body, "body is null");
        requireNonNull(receivedAt, "receivedAt is null");
        TreeMap<String, String> lowerCase = new TreeMap<>();
        headers.forEach((name, value) -> lowerCase.put(name.toLowerCase(Locale.ROOT), requireNonNull(value, "value of header " + name + " is null")));
        headers = Collections.unmodifiableMap(lowerCase);
        body = body.clone();
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    /** A copy of the body's bytes as received. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    public int bodyLength() {
        return body.length;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The media type of {@code Content-Type} in lower case, without parameters ({@code application/json}), or empty. */
    public Optional<String> mediaType() {
        return header("content-type").map(value -> value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)).filter(type -> !type.isEmpty());
    }

    /** The charset that {@code Content-Type} declares; UTF-8 when it declares none, or one this JVM does not know. */
    public Charset charset() {
        return declaredCharset().orElse(StandardCharsets.UTF_8);
    }

    private Optional<Charset> declaredCharset() {
        Optional<String> contentType = header("content-type");
        if (contentType.isEmpty()) {
            return Optional.empty();
        }
        for (String parameter : contentType.get().split(";")) {
            String[] pair = parameter.split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
                String name = pair[1].trim();
                if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                    name = name.substring(1, name.length() - 1);
                }
                try {
                    return Optional.of(Charset.forName(name));
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The body as text in {@link #charset()}. Bytes that are invalid in that charset are replaced by U+FFFD and the
     * result says so ({@link DecodedBody#malformed()}); it never fails. A leading byte order mark is dropped.
     */
    public DecodedBody decode() {
        Charset charset = charset();
        String text;
        boolean malformed = false;
        try {
            text = newDecoder(charset, CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            malformed = true;
            try {
                text = newDecoder(charset, CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(body)).toString();
            } catch (CharacterCodingException impossible) {
                throw new IllegalStateException("a replacing decoder reported an error", impossible);
            }
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return new DecodedBody(text, charset, malformed);
    }

    private static CharsetDecoder newDecoder(Charset charset, CodingErrorAction action) {
        return charset.newDecoder().onMalformedInput(action).onUnmappableCharacter(action);
    }

    public boolean isSuccessful() {
        return statusCode >= 200 && statusCode < 300;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawResponse that && statusCode == that.statusCode && attempts == that.attempts && url.equals(that.url)
                && headers.equals(that.headers) && Arrays.equals(body, that.body) && receivedAt.equals(that.receivedAt);
    }

    @Override
    public int hashCode() {
        return 31 * url.hashCode() + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "RawResponse[url=%s, statusCode=%d, headers=%s, body=%d bytes, receivedAt=%s, attempts=%d]".formatted(
                url, statusCode, headers, body.length, receivedAt, attempts);
    }

    /** A body decoded to text. */
    public record DecodedBody(String text, Charset charset, boolean malformed) {
        public DecodedBody {
            requireNonNull(text, "text is null");
            requireNonNull(charset, "charset is null");
        }
    }
}
