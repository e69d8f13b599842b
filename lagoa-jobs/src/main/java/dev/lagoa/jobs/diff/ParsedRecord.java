package dev.lagoa.jobs.diff;

import java.io.Serializable;

/**
 * One input record after parsing, as a Spark bean: its key (the key fields as a JSON object), the digest of its
 * canonical form, its JSON (UTF-8 bytes, as read) and where it came from. A rejected record has a {@code reason}, and a key unique to
 * its position so rejects spread over the tasks like any record.
 */
public final class ParsedRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    private String key;
    private long digestHigh;
    private long digestLow;
    private byte[] json;
    private String file;
    private long line;
    private long offset;
    private String reason;
    private String message;
    /** The length of a record whose bytes were left in its file (at {@code offset}), its {@code json} being null; see {@link #inFile}. */
    private int bytesInFile;

    public ParsedRecord() {}

    static ParsedRecord valid(String key, long[] digest, byte[] json, String file, long line, long offset) {
        ParsedRecord record = new ParsedRecord();
        record.key = key;
        record.digestHigh = digest[0];
        record.digestLow = digest[1];
        record.json = json;
        record.file = file;
        record.line = line;
        record.offset = offset;
        return record;
    }

    /**
     * A valid record whose bytes are not copied: they are {@code length} bytes at {@code offset} of its file, where the
     * reader that wants them reads them again.
     */
    static ParsedRecord inFile(String key, long[] digest, int length, String file, long line, long offset) {
        ParsedRecord record = valid(key, digest, null, file, line, offset);
        record.bytesInFile = length;
        return record;
    }

    /** The length of the record's bytes in its file when they were not copied ({@code json} is then null), else 0. */
    int bytesInFile() {
        return bytesInFile;
    }

    static ParsedRecord reject(RejectReason reason, String message, String text, String file, long line, long offset) {
        ParsedRecord record = new ParsedRecord();
        record.key = "\u0000" + file + "#" + offset;
        record.json = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        record.file = file;
        record.line = line;
        record.offset = offset;
        record.reason = reason.name();
        record.message = message;
        return record;
    }

    public boolean isRejected() {
        return reason != null;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public long getDigestHigh() {
        return digestHigh;
    }

    public void setDigestHigh(long digestHigh) {
        this.digestHigh = digestHigh;
    }

    public long getDigestLow() {
        return digestLow;
    }

    public void setDigestLow(long digestLow) {
        this.digestLow = digestLow;
    }

    /** The record's JSON as UTF-8 bytes: they travel through the shuffle without being decoded. */
    public byte[] getJson() {
        return json;
    }

    public void setJson(byte[] json) {
        this.json = json;
    }

    String jsonText() {
        return new String(json, java.nio.charset.StandardCharsets.UTF_8);
    }

    public String getFile() {
        return file;
    }

    public void setFile(String file) {
        this.file = file;
    }

    public long getLine() {
        return line;
    }

    public void setLine(long line) {
        this.line = line;
    }

    public long getOffset() {
        return offset;
    }

    public void setOffset(long offset) {
        this.offset = offset;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
