package dev.lagoa.jobs.diff;

import dev.lagoa.contracts.JobNames;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
/**
 * Decides, for one key, what changed between the snapshots: insert, update, delete, nothing, or — when the key is
 * duplicated in a snapshot or the records are rejects — rejects that keep every record with its reason. Free of
 * Spark: both executors of the diff (the Spark job's co-group and the local engine) call it, so both write the same
 * change records and rejects. Not thread-safe: one instance per task or thread.
 */
final class ChangeRules implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    static final String YESTERDAY = "yesterday";
    static final String TODAY = "today";

    private final DiffOptions options;
    private final String date;
    private final String runId;
    private transient JsonRecords records;

    ChangeRules(DiffOptions options, String date, String runId) {
        this.options = options;
        this.date = date;
        this.runId = runId;
    }

    /**
     * The output lines of one key, given every record of each snapshot with that key (a reject's key is unique to its
     * position). The first line carries how many input records of each snapshot the key consumed.
     */
    Iterator<OutputLine> changes(String key, Iterator<ParsedRecord> yesterday, Iterator<ParsedRecord> today) {
        if (records == null) {
            records = new JsonRecords(options);
        }
        List<OutputLine> out = new ArrayList<>(2);
        if (key.startsWith("\u0000")) {
            int[] counts = new int[2];
            yesterday.forEachRemaining(record -> { counts[0]++; out.add(reject(record, YESTERDAY, record.getReason(), record.getMessage())); });
            today.forEachRemaining(record -> { counts[1]++; out.add(reject(record, TODAY, record.getReason(), record.getMessage())); });
            return counted(out, counts[0], counts[1]);
        }
        ParsedRecord before = yesterday.hasNext() ? yesterday.next() : null;
        ParsedRecord after = today.hasNext() ? today.next() : null;
        if (yesterday.hasNext() || today.hasNext()) {
            return duplicates(key, before, yesterday, after, today, out);
        }
        if (before == null) {
            out.add(OutputLine.of("c", change("c", key, null, after), null, null));
            return counted(out, 0, 1);
        }
        if (after == null) {
            out.add(OutputLine.of("d", change("d", key, before, null), null, null));
            return counted(out, 1, 0);
        }
        if (before.getDigestHigh() == after.getDigestHigh() && before.getDigestLow() == after.getDigestLow()) {
            return unchanged();
        }
        String change = change("u", key, before, after);
        out.add(change == null ? OutputLine.of("=", null, null, null) : OutputLine.of("u", change, null, null));
        return counted(out, 1, 1);
    }

    /**
     * The output of a key with one record on each side and the same digest: nothing changed. An executor that knows
     * this from the digests alone may call it without decoding the records.
     */
    Iterator<OutputLine> unchanged() {
        List<OutputLine> out = new ArrayList<>(1);
        out.add(OutputLine.of("=", null, null, null));
        return counted(out, 1, 1);
    }

    private Iterator<OutputLine> duplicates(String key, ParsedRecord firstBefore, Iterator<ParsedRecord> yesterday,
            ParsedRecord firstAfter, Iterator<ParsedRecord> today, List<OutputLine> out) {
        boolean duplicatedYesterday = yesterday.hasNext();
        boolean duplicatedToday = today.hasNext();
        int[] counts = new int[2];
        String yesterdayMessage = duplicatedYesterday
                ? "key %s appears more than once in yesterday's snapshot".formatted(key)
                : "key %s is duplicated in today's snapshot, so its change cannot be computed".formatted(key);
        String todayMessage = duplicatedToday
                ? "key %s appears more than once in today's snapshot".formatted(key)
                : "key %s is duplicated in yesterday's snapshot, so its change cannot be computed".formatted(key);
        if (firstBefore != null) {
            counts[0]++;
            out.add(reject(firstBefore, YESTERDAY, RejectReason.DUPLICATE_KEY.name(), yesterdayMessage));
        }
        yesterday.forEachRemaining(record -> { counts[0]++; out.add(reject(record, YESTERDAY, RejectReason.DUPLICATE_KEY.name(), yesterdayMessage)); });
        if (firstAfter != null) {
            counts[1]++;
            out.add(reject(firstAfter, TODAY, RejectReason.DUPLICATE_KEY.name(), todayMessage));
        }
        today.forEachRemaining(record -> { counts[1]++; out.add(reject(record, TODAY, RejectReason.DUPLICATE_KEY.name(), todayMessage)); });
        return counted(out, counts[0], counts[1]);
    }

    private static Iterator<OutputLine> counted(List<OutputLine> out, int yesterdayRecords, int todayRecords) {
        out.get(0).setYesterdayRecords(yesterdayRecords);
        out.get(0).setTodayRecords(todayRecords);
        return out.iterator();
    }

    /** The change record in the Debezium envelope shape; null when the records are equal after all. */
    private String change(String op, String key, ParsedRecord before, ParsedRecord after) {
        List<String> changed;
        try {
            JsonNode beforeNode = before == null ? null : records.mapper().readTree(before.getJson());
            JsonNode afterNode = after == null ? null : records.mapper().readTree(after.getJson());
            if (beforeNode != null && afterNode != null) {
                changed = records.changedPaths(beforeNode, afterNode);
                if (changed.isEmpty()) {
                    return null;
                }
            } else {
                changed = records.changedPaths(records.mapper().createObjectNode(), beforeNode != null ? beforeNode : afterNode);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("A record that parsed once no longer parses", e);
        }
        StringBuilder out = new StringBuilder(64 + (before == null ? 0 : before.getJson().length) + (after == null ? 0 : after.getJson().length));
        out.append("{\"op\":\"").append(op).append("\",\"key\":").append(key)
                .append(",\"before\":").append(before == null ? "null" : before.jsonText())
                .append(",\"after\":").append(after == null ? "null" : after.jsonText())
                .append(",\"changed_fields\":[");
        for (int i = 0; i < changed.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            JsonRecords.appendString(out, changed.get(i));
        }
        out.append("],\"date\":\"").append(date).append("\",\"source\":{\"system\":\"lagoa\",\"job\":\"").append(JobNames.DIFF).append("\",\"run_id\":");
        JsonRecords.appendString(out, runId);
        out.append(",\"yesterday\":");
        position(out, before);
        out.append(",\"today\":");
        position(out, after);
        return out.append("}}").toString();
    }

    private static void position(StringBuilder out, ParsedRecord record) {
        if (record == null) {
            out.append("null");
            return;
        }
        out.append("{\"file\":");
        JsonRecords.appendString(out, record.getFile());
        if (record.getLine() > 0) {
            out.append(",\"line\":").append(record.getLine());
        }
        out.append(",\"offset\":").append(record.getOffset()).append('}');
    }

    private OutputLine reject(ParsedRecord record, String snapshot, String reason, String message) {
        String text = record.jsonText();
        StringBuilder out = new StringBuilder(128 + text.length());
        out.append("{\"reason\":\"").append(reason).append("\",\"message\":");
        JsonRecords.appendString(out, message);
        out.append(",\"snapshot\":\"").append(snapshot).append("\",\"file\":");
        JsonRecords.appendString(out, record.getFile());
        if (record.getLine() > 0) {
            out.append(",\"line\":").append(record.getLine());
        }
        out.append(",\"offset\":").append(record.getOffset()).append(",\"record\":");
        JsonRecords.appendString(out, text);
        out.append(",\"date\":\"").append(date).append("\",\"run_id\":");
        JsonRecords.appendString(out, runId);
        return OutputLine.of("r", out.append('}').toString(), reason, snapshot);
    }
}
