package dev.lagoa.cli.command;

import dev.lagoa.apiload.LoadResult;
import dev.lagoa.contracts.DiffManifest;
import dev.lagoa.core.ErrorType;
import dev.lagoa.publisher.PublishResult;
import java.util.List;
import java.util.Optional;

/**
 * The exit statuses every command shares: 0 done, 2 the user's input or configuration, 3 an outside system, 4 a bug
 * (the {@link ErrorType}'s code, through the CLI's exception handler), and {@value #FINISHED_WITH_REJECTS} for a command
 * that finished but left something out, each item kept with its reason: records rejected by {@code lagoa diff} or
 * {@code lagoa apiload run}, change files or records quarantined by {@code lagoa publish diffs}, lines that are not
 * lineage events left unsent by {@code lagoa lineage push}.
 *
 * <p>Why 5 and not 1: a JVM that dies of an uncaught error exits with 1, and so do shells and many tools for any
 * failure; a script must not read a crash as "finished, look at the rejects".
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** Finished, with rejected or quarantined items kept apart with their reasons. */
    public static final int FINISHED_WITH_REJECTS = 5;

    private ExitCodes() {}

    /**
     * A run of several API loads: a failed load wins (the highest of the failed loads' codes: a bug over an outside
     * failure over the user's), then rejects.
     */
    static int apiLoad(List<LoadResult> results) {
        Optional<Integer> failed = results.stream().filter(LoadResult::isFailed).map(ExitCodes::failure).max(Integer::compare);
        if (failed.isPresent()) {
            return failed.get();
        }
        return results.stream().anyMatch(LoadResult::hasRejects) ? FINISHED_WITH_REJECTS : OK;
    }

    private static int failure(LoadResult result) {
        for (ErrorType type : ErrorType.values()) {
            if (type.name().equals(result.errorType())) {
                return type.exitCode();
            }
        }
        // who was at fault is not known: the caller's, as for a job run that did not report
        return ErrorType.USER.exitCode();
    }

    /** A diff run that succeeded: with rejected input records (under the allowed number), it finished with rejects. */
    static int diff(DiffManifest.Rejects rejects) {
        return rejects.total() > 0 ? FINISHED_WITH_REJECTS : OK;
    }

    /** A lineage push that sent what it could: lines that are not events, left unsent, make it one with rejects. */
    static int lineagePush(int rejectedLines) {
        return rejectedLines > 0 ? FINISHED_WITH_REJECTS : OK;
    }

    /** A publication that ended: a change file or record quarantined makes it one with rejects. */
    static int publish(PublishResult result) {
        return result.quarantined().isEmpty() && result.quarantinedRecords().isEmpty() ? OK : FINISHED_WITH_REJECTS;
    }
}
