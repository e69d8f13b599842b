package dev.lagoa.apiload;

import java.util.Locale;

/** How a load writes its rows into the tables. */
public enum WriteDisposition {
    /** Every row is added; a re-run of the same source data is recognised and skipped. */
    APPEND,
    /** One row per primary key: a key seen again replaces its row (the last record of a load wins). */
    MERGE,
    /** The load's rows replace the table's rows, once the load is complete. */
    REPLACE;

    public static WriteDisposition parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
