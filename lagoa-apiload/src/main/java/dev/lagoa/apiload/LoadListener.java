package dev.lagoa.apiload;

/**
 * Hears how far a load has come while it runs, for a progress display: the pages fetched and archived, then the records
 * read from them (after each batch). Called on the load's thread; it must return quickly and never throw.
 */
public interface LoadListener {
    /** {@code pages} pages of {@code endpoint} fetched and archived in the lake so far. */
    void pagesFetched(String endpoint, int pages);

    /** {@code records} records read so far from the {@code pages} pages being loaded. */
    void recordsRead(String endpoint, int pages, long records);

    /** Hears nothing. */
    LoadListener NONE = new LoadListener() {
        @Override
        public void pagesFetched(String endpoint, int pages) {}

        @Override
        public void recordsRead(String endpoint, int pages, long records) {}
    };
}
