package dev.lagoa.core;

import java.util.Locale;

/** Counts in messages, with the noun agreeing: "1 record", "2 records", "1,204 files". */
public final class Counts {
    private Counts() {}

    /** {@code count} with thousands separators, then {@code noun}, with an "s" unless the count is 1. */
    public static String of(long count, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", count, noun, count == 1 ? "" : "s");
    }
}
