package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.lagoa.apiload.schema.RecordObject;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectStore;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The records of one page (a response archived in the lake, or a file of an endpoint's lake prefix), read as a stream:
 * memory holds one record at a time, whatever the size of the page.
 *
 * <p>A key ending in {@code .jsonl} is JSON Lines: each line is one record, and a line that cannot be a record (not
 * JSON, not valid UTF-8, longer than {@link #MAX_LINE_BYTES}) is rejected alone, with its line number and its whole
 * text, and the lines after it are read. Any other page is one JSON document whose records are at the endpoint's
 * records path (an array: each element; anything else: one record). A document that breaks half-way keeps the records
 * read before the break; the rest of it is rejected once, with the line, column and byte where it broke (the response
 * itself stays whole in the lake).
 *
 * <p>Text must be Unicode: a record holding a lone UTF-16 surrogate ({@code "\ud800"}, valid JSON syntax but no
 * character: PostgreSQL would store {@code ?}) is rejected with the place of the surrogate.
 *
 * <p>Not thread-safe. Arguments are never null. Failures of the object store are thrown as it reports them
 * ({@code STORAGE_ERROR} for a read that fails half-way).
 */
final class PageRecords implements Closeable {
    /** Where the rejects of the reading go; {@code record} tells a record left out from a part of a page left unread. */
    @FunctionalInterface
    interface Rejects {
        void reject(Reject reject, boolean record);
    }

    /** A longer JSON line is rejected without being held in memory. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;
    /** The raw copy of a page-level reject holds at most this many characters of the page; the page stays whole in the lake. */
    static final int MAX_RAW_CHARS = 100_000;
    private static final JsonFactory FACTORY = new JsonFactory();

    private final ObjectStore store;
    private final BucketName bucket;
    private final ObjectKey key;
    private final String source;
    private final EndpointDefinition endpoint;
    private final String loadId;
    private final Rejects rejects;
    private final InputStream in;
    private final boolean jsonLines;
    // JSON Lines
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPosition;
    private int chunkLength;
    private byte[] line = new byte[8192];
    private long lineNumber;
    // JSON document
    private JsonParser parser;
    /** The names of the objects read before, which objects with the same names share. */
    private final JsonReader.EarlierNames earlierNames = new JsonReader.EarlierNames();
    private String recordsPath;
    private boolean inArray;
    private long recordStart;
    private boolean finished;
    private long records;
    /** The endpoint's primary key as JSON pointers: each record's key id is worked out as it is read. */
    private final List<JsonPointer> primaryKey;

    private PageRecords(ObjectStore store, BucketName bucket, ObjectKey key, EndpointDefinition endpoint, String loadId, Rejects rejects) {
        this.store = requireNonNull(store, "store is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        this.key = requireNonNull(key, "key is null");
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.loadId = requireNonNull(loadId, "loadId is null");
        this.rejects = requireNonNull(rejects, "rejects is null");
        this.source = "s3://" + bucket + "/" + key;
        this.primaryKey = SourceRecord.keyPointers(endpoint);
        this.jsonLines = key.value().endsWith(".jsonl");
        this.in = new BufferedInputStream(store.get(bucket, key), 64 * 1024);
    }

    /** Opens the page; the caller closes it. */
    static PageRecords open(ObjectStore store, BucketName bucket, ObjectKey key, EndpointDefinition endpoint, String loadId, Rejects rejects) {
        return new PageRecords(store, bucket, key, endpoint, loadId, rejects);
    }

    /** The page's next record, or null at its end. */
    SourceRecord next() {
        try {
            return jsonLines ? nextLine() : nextInDocument();
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot read %s: %s".formatted(source, e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        try {
            if (parser != null) {
                parser.close();
            }
            in.close();
        } catch (IOException e) {
            // Everything needed was read; a failure to release the stream changes nothing of the load.
        }
    }

    // ---- JSON Lines ----

    private SourceRecord nextLine() throws IOException {
        while (true) {
            int length = readLine();
            if (length < 0) {
                return null;
            }
            lineNumber++;
            if (length > MAX_LINE_BYTES) {
                reject(Reject.Reason.MALFORMED_JSON, "", "line %d is longer than %d bytes: the record is kept only in the source object"
                        .formatted(lineNumber, MAX_LINE_BYTES), TextNode.valueOf(""), true);
                continue;
            }
            int start = lineNumber == 1 && length >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB && (line[2] & 0xff) == 0xBF ? 3 : 0;
            int end = length > start && line[length - 1] == '\r' ? length - 1 : length;
            if (isBlank(start, end)) {
                continue;
            }
            String text;
            ByteBuffer bytes = ByteBuffer.wrap(line, start, end - start);
            CharBuffer chars = CharBuffer.allocate(end - start);
            decoder.reset();
            CoderResult result = decoder.decode(bytes, chars, true);
            if (result.isError()) {
                int offset = bytes.position() - start;
                String lossy = new String(line, start, end - start, StandardCharsets.UTF_8);
                reject(Reject.Reason.INVALID_UNICODE, "", ("line %d is not valid UTF-8: byte 0x%02x at offset %d of the line is not part of a "
                        + "valid sequence (raw_value shows it as U+FFFD; the exact bytes are in the source object)")
                        .formatted(lineNumber, line[bytes.position()] & 0xff, offset), TextNode.valueOf(lossy), true);
                continue;
            }
            decoder.flush(chars);
            text = chars.flip().toString();
            JsonNode node;
            try {
                node = JsonReader.read(text, earlierNames);
            } catch (JsonProcessingException e) {
                reject(Reject.Reason.MALFORMED_JSON, "", "line %d is not JSON: %s".formatted(lineNumber, e.getOriginalMessage()), TextNode.valueOf(text),
                        true);
                continue;
            }
            if (node == null) {
                continue;
            }
            LoneSurrogate surrogate = LoneSurrogate.find(node, "");
            if (surrogate != null) {
                reject(Reject.Reason.INVALID_UNICODE, surrogate.pointer(), "line %d: %s".formatted(lineNumber, surrogate.describe()),
                        TextNode.valueOf(text), true);
                continue;
            }
            records++;
            return SourceRecord.of(node, source, primaryKey);
        }
    }

    /**
     * Reads the next line into {@link #line} (without its '\n'); its length ({@code MAX_LINE_BYTES + 1} for any longer
     * line, whose bytes past the limit are skipped, not kept); -1 at the end.
     */
    private int readLine() throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (chunkPosition == chunkLength) {
                chunkLength = in.read(chunk);
                chunkPosition = 0;
                if (chunkLength < 0) {
                    chunkLength = 0;
                    return any ? length : -1;
                }
            }
            any = true;
            int start = chunkPosition;
            int end = start;
            while (end < chunkLength && chunk[end] != '\n') {
                end++;
            }
            int count = end - start;
            if (length < MAX_LINE_BYTES) {
                int kept = Math.min(count, MAX_LINE_BYTES - length);
                if (length + kept > line.length) {
                    line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, Math.max(line.length * 2, length + kept)));
                }
                System.arraycopy(chunk, start, line, length, kept);
            }
            length = (int) Math.min((long) length + count, MAX_LINE_BYTES + 1L);
            if (end < chunkLength) {
                chunkPosition = end + 1;
                return length;
            }
            chunkPosition = chunkLength;
        }
    }

    private boolean isBlank(int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    // ---- one JSON document ----

    private SourceRecord nextInDocument() throws IOException {
        if (finished) {
            return null;
        }
        try {
            if (parser == null) {
                parser = FACTORY.createParser(in);
                recordsPath = JsonPointer.compile(endpoint.recordsPath()).toString();
                JsonToken first = parser.nextToken();
                if (first == null || !find(first, "")) {
                    notFound();
                    return null;
                }
                if (parser.currentToken() == JsonToken.VALUE_NULL) {
                    notFound();
                    return null;
                }
                if (parser.currentToken() == JsonToken.START_ARRAY) {
                    inArray = true;
                } else {
                    recordStart = offset(parser.currentTokenLocation());
                    JsonNode node = JsonReader.value(parser, parser.currentToken(), earlierNames);
                    finishDocument();
                    return record(node);
                }
            }
            while (inArray) {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_ARRAY) {
                    inArray = false;
                    finishDocument();
                    return null;
                }
                recordStart = offset(parser.currentTokenLocation());
                SourceRecord record = record(JsonReader.value(parser, token, earlierNames));
                if (record != null) {
                    return record;
                }
            }
            return null;
        } catch (JsonProcessingException e) {
            broken(e);
            return null;
        }
    }

    /**
     * Moves the parser to the value at the records path, depth first, skipping what cannot lead there.
     *
     * @return whether it was found (the parser is on its first token)
     */
    private boolean find(JsonToken token, String path) throws IOException {
        if (path.equals(recordsPath)) {
            return true;
        }
        if (!recordsPath.startsWith(path + "/")) {
            parser.skipChildren();
            return false;
        }
        if (token == JsonToken.START_OBJECT) {
            for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                String name = parser.currentName();
                if (find(parser.nextToken(), path + "/" + name.replace("~", "~0").replace("/", "~1"))) {
                    return true;
                }
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                if (find(next, path + "/" + index++)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Reads what follows the records to the end of the document: a break there is reported too. */
    private void finishDocument() throws IOException {
        finished = true;
        while (!parser.getParsingContext().inRoot()) {
            if (parser.nextToken() == null) {
                return;
            }
            parser.skipChildren();
        }
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "unexpected content after the JSON document");
        }
    }

    private SourceRecord record(JsonNode node) {
        records++;
        LoneSurrogate surrogate = LoneSurrogate.find(node, "");
        if (surrogate != null) {
            String json;
            try {
                json = LoneSurrogate.escape(ApiLoader.JSON.writeValueAsString(node));
            } catch (JsonProcessingException e) {
                json = "";
            }
            reject(Reject.Reason.INVALID_UNICODE, surrogate.pointer(), "record %d: %s".formatted(records, surrogate.describe()),
                    TextNode.valueOf(json), true);
            return null;
        }
        return SourceRecord.of(node, source, primaryKey);
    }

    private void notFound() throws IOException {
        finished = true;
        reject(Reject.Reason.RECORDS_NOT_FOUND, endpoint.recordsPath(), "no records at '%s' in the response".formatted(endpoint.recordsPath()),
                TextNode.valueOf(rawText(0)), false);
    }

    private void broken(JsonProcessingException e) throws IOException {
        finished = true;
        inArray = false;
        JsonLocation location = e.getLocation();
        String where = location == null ? "" : " at line %d, column %d (byte %d)".formatted(location.getLineNr(), location.getColumnNr(),
                offset(location));
        String read = records == 0 ? "no record before it was read"
                : records == 1 ? "the record before it was read, the rest of the response was not"
                : "the %d records before it were read, the rest of the response was not".formatted(records);
        long from = recordStart;
        String detail = "the response is not JSON%s: %s; %s (the response is kept whole in the source object; raw_value holds it from byte %d, "
                + "at most %d characters)";
        reject(Reject.Reason.MALFORMED_JSON, "", detail.formatted(where, e.getOriginalMessage(), read, from, MAX_RAW_CHARS),
                TextNode.valueOf(rawText(from)), false);
    }

    private static long offset(JsonLocation location) {
        return location.getByteOffset() >= 0 ? location.getByteOffset() : location.getCharOffset();
    }

    /** The page's text from byte {@code from}, at most {@link #MAX_RAW_CHARS} characters (read again from the lake). */
    private String rawText(long from) throws IOException {
        try (InputStream raw = store.get(bucket, key)) {
            raw.skipNBytes(Math.max(0, from));
            Reader reader = new InputStreamReader(raw, StandardCharsets.UTF_8);
            char[] buffer = new char[MAX_RAW_CHARS];
            int length = 0;
            for (int n; length < buffer.length && (n = reader.read(buffer, length, buffer.length - length)) > 0; ) {
                length += n;
            }
            return new String(buffer, 0, length);
        } catch (java.io.EOFException e) {
            return "";
        }
    }

    private void reject(Reject.Reason reason, String field, String detail, JsonNode raw, boolean record) {
        rejects.reject(new Reject(endpoint.name(), loadId, record ? endpoint.tableName() : "", field, reason, detail, raw, source), record);
    }

    /** The first lone UTF-16 surrogate of a record: in a field name or in a text value. */
    record LoneSurrogate(String pointer, boolean inName, char surrogate) {
        /** The first lone surrogate under {@code node}, or null; the pointers are built only for a record that has one. */
        static LoneSurrogate find(JsonNode node, String pointer) {
            return hasAny(node) ? locate(node, pointer) : null;
        }

        private static boolean hasAny(JsonNode node) {
            if (node instanceof TextNode) {
                return loneSurrogate(node.textValue()) >= 0;
            }
            if (node instanceof RecordObject object) {
                for (int i = 0; i < object.size(); i++) {
                    if (loneSurrogate(object.fieldName(i)) >= 0 || hasAny(object.fieldValue(i))) {
                        return true;
                    }
                }
            } else if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (loneSurrogate(field.getKey()) >= 0 || hasAny(field.getValue())) {
                        return true;
                    }
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    if (hasAny(node.get(i))) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static LoneSurrogate locate(JsonNode node, String pointer) {
            if (node.isTextual()) {
                int at = loneSurrogate(node.textValue());
                return at < 0 ? null : new LoneSurrogate(pointer, false, node.textValue().charAt(at));
            }
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    int at = loneSurrogate(field.getKey());
                    if (at >= 0) {
                        return new LoneSurrogate(pointer, true, field.getKey().charAt(at));
                    }
                    LoneSurrogate found = locate(field.getValue(), pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1"));
                    if (found != null) {
                        return found;
                    }
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    LoneSurrogate found = locate(node.get(i), pointer + "/" + i);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }

        String describe() {
            return "the %s at %s has a lone UTF-16 surrogate (\\u%04x), which is not a character and cannot be stored".formatted(
                    inName ? "field name" : "text", pointer.isEmpty() ? "/" : pointer, (int) surrogate);
        }

        /** The index of the first unpaired surrogate of {@code text}, or -1. */
        static int loneSurrogate(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        i++;
                    } else {
                        return i;
                    }
                } else if (Character.isLowSurrogate(c)) {
                    return i;
                }
            }
            return -1;
        }

        /** The text with each unpaired surrogate written as a JSON escape (the text is a JSON document's). */
        static String escape(String json) {
            StringBuilder escaped = new StringBuilder(json.length() + 16);
            for (int i = 0; i < json.length(); i++) {
                char c = json.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
                    escaped.append(c).append(json.charAt(++i));
                } else if (Character.isSurrogate(c)) {
                    escaped.append("\\u%04x".formatted((int) c));
                } else {
                    escaped.append(c);
                }
            }
            return escaped.toString();
        }
    }
}
