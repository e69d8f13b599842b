package dev.lagoa.jobs.diff;

import dev.lagoa.contracts.ScheduledSnapshots;
import dev.lagoa.jobs.GlueArguments;
import dev.lagoa.jobs.JobFailure;
import dev.lagoa.jobs.LakeLocations;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;

/**
 * A diff run's parameters, from Glue-style arguments. {@code engine} is the executor asked for ({@code --engine},
 * {@code auto} by default).
 */
public record DiffRequest(String yesterday, String today, String out, LocalDate date, String runId, DiffOptions options,
        long maxRejects, boolean allowMissingYesterday, long splitBytes, LakeLocations locations, DiffEngine engine) {
    public static DiffRequest from(GlueArguments arguments) {
        LocalDate date;
        String yesterday;
        String today;
        boolean scheduled = arguments.optional("scheduled-time").isPresent() || arguments.optional("snapshots").isPresent();
        if (scheduled) {
            // the scheduled run (EventBridge Scheduler): the days come from the run's time, the folders from the template
            if (arguments.optional("yesterday").isPresent() || arguments.optional("today").isPresent() || arguments.optional("date").isPresent()) {
                throw new JobFailure("Use either --yesterday, --today and --date, or --scheduled-time with --snapshots, not both");
            }
            ScheduledSnapshots snapshots;
            try {
                snapshots = ScheduledSnapshots.resolve(arguments.required("scheduled-time"), arguments.required("snapshots"),
                        ScheduledSnapshots.SAO_PAULO);
            } catch (IllegalArgumentException e) {
                throw new JobFailure(e.getMessage());
            }
            date = snapshots.today();
            yesterday = snapshots.yesterdayLocation();
            today = snapshots.todayLocation();
        } else {
            try {
                date = arguments.optional("date").map(LocalDate::parse).orElse(LocalDate.now(ScheduledSnapshots.SAO_PAULO));
            } catch (DateTimeParseException e) {
                throw new JobFailure("Invalid --date '" + arguments.optional("date").orElse("") + "': use YYYY-MM-DD");
            }
            yesterday = arguments.required("yesterday");
            today = arguments.required("today");
        }
        DiffOptions options = new DiffOptions(
                DiffOptions.parsePaths(arguments.required("key")),
                new LinkedHashSet<>(DiffOptions.parsePaths(arguments.optional("ignore-fields").orElse(""))),
                arguments.flag("null-equals-absent"),
                (int) arguments.longValue("max-record-bytes", 16 << 20),
                arguments.longValue("records-per-file", 500_000));
        long maxRejects = arguments.longValue("max-rejects", 0);
        if (maxRejects < 0) {
            throw new JobFailure("--max-rejects must be 0 or more");
        }
        return new DiffRequest(yesterday, today, arguments.required("out"), date,
                arguments.runId(), options, maxRejects,
                arguments.flag("allow-missing-yesterday"), arguments.longValue("split-bytes", DiffRunner.DEFAULT_SPLIT_BYTES),
                LakeLocations.of(arguments.optional("LAGOA_LAKE_ROOT").orElse(null)),
                DiffEngine.parse(arguments.optional("engine").orElse(DiffEngine.AUTO.label())));
    }
}
