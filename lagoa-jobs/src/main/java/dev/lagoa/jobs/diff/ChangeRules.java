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
    private transient JsonBytes envelope;

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
            envelope = new JsonBytes();
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
        byte[] change = change("u", key, before, after);
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

    /**
     * The change record in the Debezium envelope shape, as UTF-8 bytes (the records' own bytes copied in, never decoded
     * to text); null when the records are equal after all.
     */
    private byte[] change(String op, String key, ParsedRecord before, ParsedRecord after) {
        List<String> changed = records.changedPaths(before == null ? null : before.getJson(), after == null ? null : after.getJson());
        if (changed == null) {
            changed = changedOnTrees(before, after);
        }
        if (before != null && after != null && changed.isEmpty()) {
            return null;
        }
        envelope.reset();
        envelope.ascii("{\"op\":\"").ascii(op).ascii("\",\"key\":").text(key)
                .ascii(",\"before\":").json(before == null ? null : before.getJson())
                .ascii(",\"after\":").json(after == null ? null : after.getJson())
                .ascii(",\"changed_fields\":[");
        for (int i = 0; i < changed.size(); i++) {
            if (i > 0) {
                envelope.ascii(",");
            }
            envelope.string(changed.get(i));
        }
        envelope.ascii("],\"date\":\"").ascii(date).ascii("\",\"source\":{\"system\":\"lagoa\",\"job\":\"").ascii(JobNames.DIFF).ascii("\",\"run_id\":")
                .string(runId).ascii(",\"yesterday\":");
        position(before);
        envelope.ascii(",\"today\":");
        position(after);
        return envelope.ascii("}}").toByteArray();
    }

    /** The changed paths read from the records' trees, for records the scanner leaves to them. */
    private List<String> changedOnTrees(ParsedRecord before, ParsedRecord after) {
        try {
            JsonNode beforeNode = before == null ? records.mapper().createObjectNode() : records.mapper().readTree(before.getJson());
            JsonNode afterNode = after == null ? records.mapper().createObjectNode() : records.mapper().readTree(after.getJson());
            return records.changedPaths(beforeNode, afterNode);
        } catch (IOException e) {
            throw new UncheckedIOException("A record that parsed once no longer parses", e);
        }
    }

    private void position(ParsedRecord record) {
        if (record == null) {
            envelope.ascii("null");
            return;
        }
        envelope.ascii("{\"file\":").string(record.getFile());
        if (record.getLine() > 0) {
            envelope.ascii(",\"line\":").number(record.getLine());
        }
        envelope.ascii(",\"offset\":").number(record.getOffset()).ascii("}");
    }

    private OutputLine reject(ParsedRecord record, String snapshot, String reason, String message) {
        String text = record.jsonText();
        StringBuilder line = new StringBuilder(128 + text.length());
        line.append("{\"reason\":\"").append(reason).append("\",\"message\":");
        JsonRecords.appendString(line, message);
        line.append(",\"snapshot\":\"").append(snapshot).append("\",\"file\":");
        JsonRecords.appendString(line, record.getFile());
        if (record.getLine() > 0) {
            line.append(",\"line\":").append(record.getLine());
        }
        line.append(",\"offset\":").append(record.getOffset()).append(",\"record\":");
        JsonRecords.appendString(line, text);
        line.append(",\"date\":\"").append(date).append("\",\"run_id\":");
        JsonRecords.appendString(line, runId);
        return OutputLine.of("r", line.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), reason, snapshot);
    }
}
