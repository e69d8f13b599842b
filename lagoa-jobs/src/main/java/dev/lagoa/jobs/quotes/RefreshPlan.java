package dev.lagoa.jobs.quotes;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which trading days a run (re)writes, from the raw and refined state of each raw day: a day missing in refined, a
 * day collected again (its raw {@code collected_at} differs from the refined {@code coletado_em}), a day whose raw
 * file is newer than its refined files, and the {@code reach} days after each of those, whose windows read it.
 */
public final class RefreshPlan {
    /** Why a day is written. */
    public enum Reason {
        /** No refined partition. */
        MISSING,
        /** The raw bar was collected again. */
        RECOLLECTED,
        /** The raw file was written after the refined partition. */
        RAW_NEWER,
        /** A day within the window of a day written for another reason. */
        WINDOW
    }

    /**
     * One raw day and what refined holds for it.
     *
     * @param refinedCollectedAt null when the day has no refined partition
     * @param refinedModified the newest modification time of the refined partition's files, null when none
     */
    public record DayState(LocalDate day, Instant collectedAt, Instant rawModified, Instant refinedCollectedAt, Instant refinedModified) {
        public DayState {
            requireNonNull(day, "day is null");
            requireNonNull(collectedAt, "collectedAt is null");
            requireNonNull(rawModified, "rawModified is null");
        }
    }

    private final SortedMap<LocalDate, Reason> days;

    private RefreshPlan(SortedMap<LocalDate, Reason> days) {
        this.days = Collections.unmodifiableSortedMap(days);
    }

    /** The plan for the raw days (in any order), with windows reaching {@code reach} days back. */
    public static RefreshPlan of(List<DayState> states, int reach) {
        List<DayState> sorted = new ArrayList<>(states);
        sorted.sort((a, b) -> a.day().compareTo(b.day()));
        SortedMap<LocalDate, Reason> days = new TreeMap<>();
        int windowEnd = -1;
        for (int i = 0; i < sorted.size(); i++) {
            DayState state = sorted.get(i);
            Reason reason = reason(state);
            if (reason != null) {
                days.put(state.day(), reason);
                windowEnd = i + reach;
            } else if (i <= windowEnd) {
                days.put(state.day(), Reason.WINDOW);
            }
        }
        return new RefreshPlan(days);
    }

    private static Reason reason(DayState state) {
        if (state.refinedCollectedAt() == null || state.refinedModified() == null) {
            return Reason.MISSING;
        }
        if (!Objects.equals(state.collectedAt(), state.refinedCollectedAt())) {
            return Reason.RECOLLECTED;
        }
        return state.rawModified().isAfter(state.refinedModified()) ? Reason.RAW_NEWER : null;
    }

    /** The days to write, in order, with why. */
    public SortedMap<LocalDate, Reason> days() {
        return days;
    }

    public boolean isEmpty() {
        return days.isEmpty();
    }

    /** How many days each reason accounts for. */
    public Map<Reason, Integer> counts() {
        Map<Reason, Integer> counts = new EnumMap<>(Reason.class);
        days.values().forEach(reason -> counts.merge(reason, 1, Integer::sum));
        return counts;
    }
}
