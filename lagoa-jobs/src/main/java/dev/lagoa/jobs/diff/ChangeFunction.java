package dev.lagoa.jobs.diff;

import java.util.Iterator;
import org.apache.spark.api.java.function.CoGroupFunction;

/** The Spark side of {@link ChangeRules}: the co-group of both snapshots by key calls the rules once per key. */
final class ChangeFunction implements CoGroupFunction<String, ParsedRecord, ParsedRecord, OutputLine> {
    private static final long serialVersionUID = 1L;

    private final ChangeRules rules;

    ChangeFunction(DiffOptions options, String date, String runId) {
        this.rules = new ChangeRules(options, date, runId);
    }

    @Override
    public Iterator<OutputLine> call(String key, Iterator<ParsedRecord> yesterday, Iterator<ParsedRecord> today) {
        return rules.changes(key, yesterday, today);
    }
}
