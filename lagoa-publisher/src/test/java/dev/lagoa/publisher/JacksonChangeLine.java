package dev.lagoa.publisher;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The reference {@link ChangeLineScanner} is held to: the publisher's earlier pass over a change line with Jackson's
 * strict streaming parser (the same {@code JsonFactory} defaults), followed, for the lines it accepts, by a strict UTF-8
 * decoding of the whole line (Jackson's own UTF-8 check lets overlong forms and encoded surrogates through).
 */
record JacksonChangeLine(String reason, char op, byte[] key) {
    private static final JsonFactory FACTORY = new JsonFactory();

    boolean accepted() {
        return reason == null;
    }

    static JacksonChangeLine of(byte[] line) {
        JacksonChangeLine jackson = jackson(line);
        if (jackson.accepted() && !strictUtf8(line)) {
            return new JacksonChangeLine("not valid UTF-8", (char) 0, null);
        }
        return jackson;
    }

    static boolean strictUtf8(byte[] line) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The earlier publisher's pass, as it was: the reason a line is not a change record, or its op and key. */
    static JacksonChangeLine jackson(byte[] bytes) {
        String opText = null;
        byte[] keyBytes = null;
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return failed("not a JSON object");
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("op")) {
                    opText = value == JsonToken.VALUE_NULL ? null : parser.getText();
                    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                        // the earlier pass read on inside such a value as if its members were the line's; the scanner
                        // skips it whole, and so does the reference
                        int from = (int) parser.currentTokenLocation().getByteOffset();
                        parser.skipChildren();
                        opText = new String(bytes, from, (int) parser.currentLocation().getByteOffset() - from, StandardCharsets.UTF_8);
                    }
                } else if (field.equals("key")) {
                    if (value == JsonToken.VALUE_NULL) {
                        keyBytes = null;
                    } else if (value != JsonToken.START_OBJECT) {
                        return failed("key is not a JSON object");
                    } else {
                        int from = (int) parser.currentTokenLocation().getByteOffset();
                        parser.skipChildren();
                        keyBytes = Arrays.copyOfRange(bytes, from, (int) parser.currentLocation().getByteOffset());
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return failed("not JSON: content after the object");
            }
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            return failed(message != null && message.contains("Invalid UTF-8") ? "not valid UTF-8" : "not JSON: " + message);
        } catch (IOException e) {
            return failed("not JSON: " + e.getMessage());
        }
        if (opText == null) {
            return failed("no op");
        }
        if (!(opText.equals("c") || opText.equals("u") || opText.equals("d"))) {
            return failed("op '%s' is not c, u or d".formatted(opText));
        }
        if (keyBytes == null) {
            return failed("no key");
        }
        return new JacksonChangeLine(null, opText.charAt(0), keyBytes);
    }

    private static JacksonChangeLine failed(String reason) {
        return new JacksonChangeLine(reason, (char) 0, null);
    }
}
