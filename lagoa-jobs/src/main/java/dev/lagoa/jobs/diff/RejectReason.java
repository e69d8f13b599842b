package dev.lagoa.jobs.diff;

/** Why an input record could not take part in the diff. */
public enum RejectReason {
    /** The line or array element is not valid JSON (also: duplicate field names, trailing content). */
    MALFORMED_JSON,
    /** The bytes are not UTF-8 (JSON snapshots must be UTF-8; ISO-8859-1 and UTF-16 exports are named as such). */
    INVALID_ENCODING,
    /** Valid JSON that is not an object (a number, a string, an array, null). */
    NOT_AN_OBJECT,
    /** A key field is absent or null. */
    MISSING_KEY,
    /** A key field holds an object or an array. */
    INVALID_KEY,
    /** Two or more records of one snapshot have the same key: every one of them is rejected. */
    DUPLICATE_KEY,
    /** A record longer than the configured maximum. */
    OVERSIZED_RECORD,
    /** A file that cannot be read to its end (corrupt gzip, I/O error, unterminated array). */
    UNREADABLE_FILE
}
