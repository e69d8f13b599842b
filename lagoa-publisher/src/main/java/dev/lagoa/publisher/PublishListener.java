package dev.lagoa.publisher;

/** What a publisher run reports while it works (progress on a terminal, logs). Every method has a no-op default. */
public interface PublishListener {
    PublishListener NONE = new PublishListener() {};

    /** The day's files were listed: {@code total} change files, of which {@code alreadyPublished} are skipped. */
    default void started(String date, int total, int alreadyPublished) {}

    /** One file was published as one batch. */
    default void published(PublishResult.FileResult file, int done, int toPublish) {}

    /** One file was quarantined; nothing of it was published. */
    default void quarantined(PublishResult.Quarantined file, int done, int toPublish) {}
}
