package dev.lagoa.cli.command;

import dev.lagoa.cli.DiffWiring;
import dev.lagoa.contracts.DiffManifest;
import dev.lagoa.core.LagoaException;
import java.time.LocalDate;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lagoa diff}: yesterday's and today's JSON snapshots compared by key, run as the {@code lagoa-diff} Spark job. */
@Command(mixinStandardHelpOptions = true, name = "diff", description = "Compares two JSON snapshots by key and writes change records under <out>/YYYY-MM-DD/.")
public final class DiffCommand implements java.util.concurrent.Callable<Integer> {
    private final Supplier<DiffWiring> diff;

    @Spec
    CommandSpec spec;

    @Option(names = "--yesterday", required = true, paramLabel = "URI", description = "Yesterday's snapshot: s3:// prefix, folder or file.")
    String yesterday;

    @Option(names = "--today", required = true, paramLabel = "URI", description = "Today's snapshot: s3:// prefix, folder or file.")
    String today;

    @Option(names = "--key", required = true, paramLabel = "FIELD[,FIELD...]", description = "Unique key fields; nested paths allowed (cliente.id).")
    String key;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Date of the change files (default: today in lagoa.time-zone).")
    String date;

    @Option(names = "--out", paramLabel = "URI", description = "Where the day's folder goes (default: s3://<lake.diffs-bucket>/).")
    String out;

    @Option(names = "--ignore-fields", paramLabel = "PATH[,PATH...]", description = "Fields carried but never compared (audit columns).")
    String ignoreFields;

    @Option(names = "--null-equals-absent", description = "A null field equals an absent one.")
    boolean nullEqualsAbsent;

    @Option(names = "--allow-missing-yesterday", description = "First day: a missing yesterday snapshot counts as empty (all inserts).")
    boolean allowMissingYesterday;

    @Option(names = "--max-rejects", paramLabel = "N", description = "Most rejected input records before the run fails (default: diff.max-rejects).")
    Long maxRejects;

    @Option(names = "--json", description = "Prints the manifest as JSON.")
    boolean json;

    DiffCommand(Supplier<DiffWiring> diff) {
        this.diff = diff;
    }

    /** 0, or {@value ExitCodes#FINISHED_WITH_REJECTS} when input records were rejected (fewer than allowed); a failed run throws. */
    @Override
    public Integer call() {
        DiffWiring wiring = diff.get();
        LocalDate day = Dates.dayOrToday(wiring::today, date);
        if (maxRejects != null && maxRejects < 0) {
            throw LagoaException.userError("--max-rejects must be 0 or more");
        }
        DiffRun.Request request = new DiffRun.Request(yesterday, today, key, day, out, ignoreFields, nullEqualsAbsent, allowMissingYesterday, maxRejects);
        DiffInputs.check(wiring, request);
        DiffRun.Outcome outcome = DiffRun.run(wiring, request, spec.commandLine().getErr(), Progress.mode(json));
        DiffRun.report(wiring, outcome, spec.commandLine().getOut(), json);
        int status = outcome.manifest().map(manifest -> ExitCodes.diff(manifest.rejects())).orElse(ExitCodes.OK);
        if (status == ExitCodes.FINISHED_WITH_REJECTS) {
            DiffManifest.Rejects rejects = outcome.manifest().orElseThrow().rejects();
            spec.commandLine().getErr().printf("Finished with rejects (exit status %d): %,d input record%s rejected (allowed %,d), kept with %s at %s%n",
                    status, rejects.total(), rejects.total() == 1 ? "" : "s", rejects.maxAllowed(), rejects.total() == 1 ? "its reason" : "their reasons",
                    wiring.display(String.valueOf(rejects.location())));
        }
        return status;
    }
}
