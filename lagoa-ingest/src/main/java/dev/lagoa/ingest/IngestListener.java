package dev.lagoa.ingest;

/**
 * Hears how far an ingest has come while it runs, for a progress display. Called on the ingest's thread; it must
 * return quickly and never throw.
 */
@FunctionalInterface
public interface IngestListener {
    /**
     * The ingest is at {@code stage} ({@code fetching}, {@code validating}, {@code landing}) with {@code done} of its
     * unit so far (the B3 pages received, the BRAPI days checked), or a negative number when that stage counts nothing.
     */
    void progress(String stage, long done);

    /** Hears nothing. */
    IngestListener NONE = (stage, done) -> { };
}
