package dev.lagoa.jobs.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads the records of one {@link InputChunk}: JSON Lines (a byte range, with Hadoop's rule that a line belongs to
 * the chunk where it starts) or a JSON array (a whole file, streamed element by element), gzip-compressed when the
 * name ends in {@code .gz}. Never throws on bad content: every problem becomes a rejected record with its file,
 * line, byte offset and reason.
 */
final class SnapshotReader implements Iterator<ParsedRecord>, Closeable {
    private static final int REJECT_TEXT_LIMIT = 4096;

    private final InputChunk chunk;
    private final JsonRecords records;
    private final int maxRecordBytes;
    private final boolean leaveInFile;
    private final InputStream input;
    private final String[] problem = new String[1];
    private final long[] digest = new long[2];

    private LineReader lines;
    private ArrayElements array;
    private boolean done;
    private ParsedRecord next;
    private long recordCount;

    private SnapshotReader(InputChunk chunk, FileSystem fileSystem, JsonRecords records, int maxRecordBytes, boolean leaveInFile) throws IOException {
        this.chunk = chunk;
        this.records = records;
        this.maxRecordBytes = maxRecordBytes;
        this.leaveInFile = leaveInFile && !isCompressed(chunk.path());
        FSDataInputStream raw = fileSystem.open(new Path(chunk.path()), 1 << 16);
        if (chunk.start() > 0) {
            raw.seek(chunk.start());
        }
        this.input = isCompressed(chunk.path()) ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    static SnapshotReader open(InputChunk chunk, FileSystem fileSystem, JsonRecords records, int maxRecordBytes) {
        return open(chunk, fileSystem, records, maxRecordBytes, false);
    }

    /**
     * @param leaveInFile whether the valid records of an uncompressed JSON Lines file are given {@linkplain
     *        ParsedRecord#inFile without their bytes}, which are exactly the file's at their offset (an array's elements
     *        and a compressed file's records always carry theirs)
     */
    static SnapshotReader open(InputChunk chunk, FileSystem fileSystem, JsonRecords records, int maxRecordBytes, boolean leaveInFile) {
        try {
            return new SnapshotReader(chunk, fileSystem, records, maxRecordBytes, leaveInFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open " + chunk.name() + ": " + e.getMessage(), e);
        }
    }

    static boolean isCompressed(String path) {
        return path.toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    @Override
    public boolean hasNext() {
        while (next == null && !done) {
            try {
                next = advance();
            } catch (IOException e) {
                done = true;
                next = ParsedRecord.reject(RejectReason.UNREADABLE_FILE,
                        "cannot read the file after %d records: %s".formatted(recordCount, e.getMessage()), "", chunk.name(), -1,
                        lines != null ? lines.position : array != null ? array.offset() : -1);
            }
        }
        return next != null;
    }

    @Override
    public ParsedRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ParsedRecord record = next;
        next = null;
        return record;
    }

    private ParsedRecord advance() throws IOException {
        if (lines == null && array == null) {
            ParsedRecord rejected = start();
            if (rejected != null || done) {
                done = true;
                return rejected;
            }
        }
        return array != null ? nextElement() : nextLine();
    }

    /** Detects the encoding and the shape of the content; returns a reject when the whole file is unusable. */
    private ParsedRecord start() throws IOException {
        lines = new LineReader(input, chunk.start(), maxRecordBytes);
        if (chunk.start() > 0) {
            lines.readLine(); // the line that spans the chunk's start belongs to the previous chunk
            return null;
        }
        lines.fill();
        byte[] head = lines.peek(4);
        if (startsWith(head, 0xFE, 0xFF) || startsWith(head, 0xFF, 0xFE) || startsWith(head, 0x00, 0x00, 0xFE, 0xFF)) {
            return ParsedRecord.reject(RejectReason.INVALID_ENCODING,
                    "the file is UTF-16 or UTF-32 encoded (byte order mark); JSON snapshots must be UTF-8", "", chunk.name(), 1, 0);
        }
        if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
            lines.skip(3);
        }
        if (chunk.wholeFile() && lines.firstNonWhitespace() == '[') {
            array = new ArrayElements(lines.remaining(), lines.position, 1, maxRecordBytes);
            lines = null;
        }
        return null;
    }

    private static boolean startsWith(byte[] head, int... bytes) {
        if (head.length < bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if ((head[i] & 0xff) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    private ParsedRecord nextLine() throws IOException {
        while (true) {
            long lineStart = lines.position;
            if (lineStart > chunk.end() || !lines.readLine()) {
                done = true;
                return null;
            }
            long lineNumber = chunk.start() == 0 ? lines.lineNumber : -1;
            if (lines.length > maxRecordBytes) {
                recordCount++;
                return ParsedRecord.reject(RejectReason.OVERSIZED_RECORD,
                        "record of %d bytes is larger than the limit of %d bytes (--max-record-bytes)".formatted(lines.length, maxRecordBytes),
                        truncate(new String(lines.text, lines.textStart, Math.min(lines.kept, REJECT_TEXT_LIMIT), StandardCharsets.UTF_8)),
                        chunk.name(), lineNumber, lineStart);
            }
            byte[] text = lines.text;
            int from = lines.textStart;
            int to = from + lines.kept;
            while (from < to && isWhitespace(text[from])) {
                from++;
            }
            while (to > from && isWhitespace(text[to - 1])) {
                to--;
            }
            if (from == to) {
                continue; // blank lines separate nothing and are not records
            }
            recordCount++;
            return parse(text, from, to - from, lineNumber, lineStart + from - lines.textStart);
        }
    }

    private ParsedRecord parse(byte[] bytes, int offset, int length, long lineNumber, long byteOffset) {
        // the plain case without a tree; anything else (a reject, or a key to look at closer) through the tree
        String key = records.keyAndDigest(bytes, offset, length, digest);
        if (key != null) {
            return leaveInFile ? ParsedRecord.inFile(key, digest, length, chunk.name(), lineNumber, byteOffset)
                    : ParsedRecord.valid(key, digest, Arrays.copyOfRange(bytes, offset, offset + length), chunk.name(), lineNumber, byteOffset);
        }
        JsonNode node;
        try {
            node = records.mapper().readTree(bytes, offset, length);
        } catch (IOException e) {
            boolean encoding = e.getMessage() != null && e.getMessage().contains("Invalid UTF-8");
            if (encoding) {
                return ParsedRecord.reject(RejectReason.INVALID_ENCODING,
                        "not valid UTF-8 (the text is kept as ISO-8859-1; was the file exported as Latin-1?)",
                        truncate(new String(bytes, offset, length, StandardCharsets.ISO_8859_1)), chunk.name(), lineNumber, byteOffset);
            }
            return ParsedRecord.reject(RejectReason.MALFORMED_JSON, jsonProblem(e),
                    truncate(new String(bytes, offset, length, StandardCharsets.UTF_8)), chunk.name(), lineNumber, byteOffset);
        }
        return record(node, Arrays.copyOfRange(bytes, offset, offset + length), lineNumber, byteOffset);
    }

    private ParsedRecord record(JsonNode node, byte[] json, long lineNumber, long byteOffset) {
        if (!node.isObject()) {
            return ParsedRecord.reject(RejectReason.NOT_AN_OBJECT, "a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object",
                    truncate(new String(json, StandardCharsets.UTF_8)), chunk.name(), lineNumber, byteOffset);
        }
        problem[0] = null;
        String key = records.key(node, problem);
        if (key == null) {
            RejectReason reason = problem[0].startsWith("record has no value") ? RejectReason.MISSING_KEY : RejectReason.INVALID_KEY;
            return ParsedRecord.reject(reason, problem[0], truncate(new String(json, StandardCharsets.UTF_8)), chunk.name(), lineNumber, byteOffset);
        }
        return ParsedRecord.valid(key, records.digest(node), json, chunk.name(), lineNumber, byteOffset);
    }

    /**
     * The next element of the array. A malformed element is rejected alone and reading goes on; a defect that hides
     * where the next element starts ends the file with an {@code UNREADABLE_FILE} reject naming the offset, which
     * fails the run (its unread records must not look deleted or inserted).
     */
    private ParsedRecord nextElement() throws IOException {
        while (true) {
            ArrayElements.Element element = array.next();
            if (element == null) {
                done = true;
                return null;
            }
            switch (element.kind()) {
                case END -> {
                    done = true;
                    return null;
                }
                case TRAILING_COMMA -> {
                    done = true;
                    return ParsedRecord.reject(RejectReason.MALFORMED_JSON, "malformed JSON: a ',' with no element before the closing ']' of the array", "",
                            chunk.name(), element.line(), element.offset());
                }
                case BROKEN -> {
                    done = true;
                    return ParsedRecord.reject(RejectReason.UNREADABLE_FILE, "%s; the rest of the file (after %d records) cannot be read"
                            .formatted(element.problem(), recordCount), "", chunk.name(), element.line(), element.offset());
                }
                case ELEMENT -> {
                    recordCount++;
                    return element(element);
                }
            }
        }
    }

    private ParsedRecord element(ArrayElements.Element element) {
        long lineNumber = element.line();
        long byteOffset = element.offset();
        if (element.length() > maxRecordBytes) {
            return ParsedRecord.reject(RejectReason.OVERSIZED_RECORD,
                    "record of %d bytes is larger than the limit of %d bytes (--max-record-bytes)".formatted(element.length(), maxRecordBytes),
                    truncate(new String(element.bytes(), 0, Math.min(element.kept(), REJECT_TEXT_LIMIT), StandardCharsets.UTF_8)),
                    chunk.name(), lineNumber, byteOffset);
        }
        JsonNode node;
        try {
            node = records.mapper().readTree(element.bytes(), 0, element.kept());
        } catch (IOException e) {
            boolean encoding = e.getMessage() != null && e.getMessage().contains("Invalid UTF-8");
            String where = "";
            if (e instanceof JsonProcessingException json && json.getLocation() != null && json.getLocation().getLineNr() > 0) {
                where = " at line %d".formatted(lineNumber + json.getLocation().getLineNr() - 1);
            }
            if (encoding) {
                return ParsedRecord.reject(RejectReason.INVALID_ENCODING, "not valid UTF-8" + where + " (the text is kept as ISO-8859-1)",
                        truncate(new String(element.bytes(), 0, element.kept(), StandardCharsets.ISO_8859_1)), chunk.name(), lineNumber, byteOffset);
            }
            return ParsedRecord.reject(RejectReason.MALFORMED_JSON, jsonProblem(e) + where,
                    truncate(new String(element.bytes(), 0, element.kept(), StandardCharsets.UTF_8)), chunk.name(), lineNumber, byteOffset);
        }
        byte[] json;
        try {
            json = records.mapper().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write back a record just read", e);
        }
        if (json.length > maxRecordBytes) {
            return ParsedRecord.reject(RejectReason.OVERSIZED_RECORD,
                    "record of %d bytes is larger than the limit of %d bytes (--max-record-bytes)".formatted(json.length, maxRecordBytes),
                    truncate(new String(json, StandardCharsets.UTF_8)), chunk.name(), lineNumber, byteOffset);
        }
        return record(node, json, lineNumber, byteOffset);
    }

    private static String jsonProblem(IOException e) {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        int source = message == null ? -1 : message.indexOf("[Source:");
        if (source >= 0) {
            message = message.substring(0, source).replaceAll("\\s*at\\s*$", "").trim();
            int open = message.lastIndexOf('(');
            if (open >= 0 && message.indexOf(')', open) < 0) {
                message = message.substring(0, open).trim(); // "(start marker at [Source: ...])" says nothing more
            }
        }
        if (e instanceof JsonProcessingException json && json.getLocation() != null) {
            message += " (column " + json.getLocation().getColumnNr() + ")";
        }
        return "malformed JSON: " + message;
    }

    private static String truncate(String text) {
        return text.length() <= REJECT_TEXT_LIMIT ? text : text.substring(0, REJECT_TEXT_LIMIT) + "…";
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    @Override
    public void close() throws IOException {
        input.close();
    }

    /** Lines of bytes with their file offsets; keeps at most {@code limit + 1} bytes of a line. */
    private static final class LineReader {
        private final InputStream in;
        private final int limit;
        private final byte[] buffer = new byte[1 << 16];
        private int position0;
        private int count;
        private boolean eof;
        private byte[] line = new byte[1024];
        /** The line's bytes: {@code text[textStart, textStart + kept)}, in the read buffer or copied into {@link #line}. */
        private byte[] text = line;
        private int textStart;
        private int kept;
        private long length;
        private long position;
        private long lineNumber;

        LineReader(InputStream in, long startOffset, int limit) {
            this.in = in;
            this.limit = limit;
            this.position = startOffset;
        }

        void fill() throws IOException {
            if (position0 < count || eof) {
                return;
            }
            count = in.readNBytes(buffer, 0, buffer.length);
            position0 = 0;
            eof = count < buffer.length;
        }

        byte[] peek(int n) {
            return Arrays.copyOfRange(buffer, position0, Math.min(count, position0 + n));
        }

        void skip(int n) {
            position0 += n;
            position += n;
        }

        int firstNonWhitespace() throws IOException {
            for (int i = position0; i < count; i++) {
                if (!isWhitespace(buffer[i])) {
                    return buffer[i];
                }
            }
            return -1;
        }

        /** The rest of the content, starting at the current position. */
        InputStream remaining() {
            InputStream rest = new java.io.ByteArrayInputStream(buffer, position0, count - position0);
            return eof ? rest : new java.io.SequenceInputStream(rest, in);
        }

        /** Reads the next line (without its newline); false at the end of the content. */
        boolean readLine() throws IOException {
            kept = 0;
            length = 0;
            boolean any = false;
            while (true) {
                if (position0 >= count) {
                    if (eof) {
                        if (any) {
                            lineNumber++;
                        }
                        return any;
                    }
                    count = in.readNBytes(buffer, 0, buffer.length);
                    position0 = 0;
                    eof = count < buffer.length;
                    continue;
                }
                int newline = -1;
                for (int i = position0; i < count; i++) {
                    if (buffer[i] == '\n') {
                        newline = i;
                        break;
                    }
                }
                int end = newline < 0 ? count : newline;
                if (!any && newline >= 0) {
                    // the whole line is in the buffer: read in place
                    text = buffer;
                    textStart = position0;
                    length = end - position0;
                    kept = (int) Math.min(length, limit + 1L);
                } else {
                    if (!any) {
                        text = line;
                        textStart = 0;
                    }
                    append(position0, end - position0);
                }
                any = true;
                position += (end - position0) + (newline < 0 ? 0 : 1);
                position0 = newline < 0 ? count : newline + 1;
                if (newline >= 0) {
                    lineNumber++;
                    return true;
                }
            }
        }

        private void append(int from, int n) {
            length += n;
            int room = limit + 1 - kept;
            int take = Math.min(n, Math.max(room, 0));
            if (take > 0) {
                if (kept + take > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, kept + take));
                    text = line;
                }
                System.arraycopy(buffer, from, line, kept, take);
                kept += take;
            }
        }
    }
}
