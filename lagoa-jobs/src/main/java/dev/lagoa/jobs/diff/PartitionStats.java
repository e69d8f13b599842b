package dev.lagoa.jobs.diff;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What one output task wrote: its files and its counts, collected by the driver to commit the day. */
public final class PartitionStats implements Serializable {
    private static final long serialVersionUID = 1L;

    private List<String> changeFiles = new ArrayList<>();
    private List<Long> changeFileRecords = new ArrayList<>();
    private List<String> rejectFiles = new ArrayList<>();
    private long inserts;
    private long updates;
    private long deletes;
    private long unchanged;
    private long yesterdayRecords;
    private long todayRecords;
    private Map<String, Long> rejects = new HashMap<>();
    private List<String> unreadable = new ArrayList<>();

    public List<String> getChangeFiles() {
        return changeFiles;
    }

    public void setChangeFiles(List<String> changeFiles) {
        this.changeFiles = changeFiles;
    }

    public List<Long> getChangeFileRecords() {
        return changeFileRecords;
    }

    public void setChangeFileRecords(List<Long> changeFileRecords) {
        this.changeFileRecords = changeFileRecords;
    }

    public List<String> getRejectFiles() {
        return rejectFiles;
    }

    public void setRejectFiles(List<String> rejectFiles) {
        this.rejectFiles = rejectFiles;
    }

    public long getInserts() {
        return inserts;
    }

    public void setInserts(long inserts) {
        this.inserts = inserts;
    }

    public long getUpdates() {
        return updates;
    }

    public void setUpdates(long updates) {
        this.updates = updates;
    }

    public long getDeletes() {
        return deletes;
    }

    public void setDeletes(long deletes) {
        this.deletes = deletes;
    }

    public long getUnchanged() {
        return unchanged;
    }

    public void setUnchanged(long unchanged) {
        this.unchanged = unchanged;
    }

    public long getYesterdayRecords() {
        return yesterdayRecords;
    }

    public void setYesterdayRecords(long yesterdayRecords) {
        this.yesterdayRecords = yesterdayRecords;
    }

    public long getTodayRecords() {
        return todayRecords;
    }

    public void setTodayRecords(long todayRecords) {
        this.todayRecords = todayRecords;
    }

    /** Rejected records by {@code snapshot:REASON}. */
    public Map<String, Long> getRejects() {
        return rejects;
    }

    public void setRejects(Map<String, Long> rejects) {
        this.rejects = rejects;
    }

    /** The reject lines of files that could not be read to their end (a few at most: one per such file). */
    public List<String> getUnreadable() {
        return unreadable;
    }

    public void setUnreadable(List<String> unreadable) {
        this.unreadable = unreadable;
    }
}
