package dev.lagoa.jobs.diff;

import java.io.Serializable;

/**
 * What the co-group of one key produces, as a Spark bean: a change record ({@code c}, {@code u}, {@code d}), a
 * reject ({@code r}) or the mark of an unchanged key ({@code =}). The first line of a key also carries how many input
 * records of each snapshot the key consumed, so the counts need no second pass.
 */
public final class OutputLine implements Serializable {
    private static final long serialVersionUID = 1L;

    private String kind;
    private byte[] text;
    private String reason;
    private String snapshot;
    private int yesterdayRecords;
    private int todayRecords;

    public OutputLine() {}

    static OutputLine of(String kind, byte[] text, String reason, String snapshot) {
        OutputLine line = new OutputLine();
        line.kind = kind;
        line.text = text;
        line.reason = reason;
        line.snapshot = snapshot;
        return line;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    /** The change record or reject as UTF-8 JSON, ready to be written as a line. */
    public byte[] getText() {
        return text;
    }

    public void setText(byte[] text) {
        this.text = text;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getSnapshot() {
        return snapshot;
    }

    public void setSnapshot(String snapshot) {
        this.snapshot = snapshot;
    }

    public int getYesterdayRecords() {
        return yesterdayRecords;
    }

    public void setYesterdayRecords(int yesterdayRecords) {
        this.yesterdayRecords = yesterdayRecords;
    }

    public int getTodayRecords() {
        return todayRecords;
    }

    public void setTodayRecords(int todayRecords) {
        this.todayRecords = todayRecords;
    }
}
