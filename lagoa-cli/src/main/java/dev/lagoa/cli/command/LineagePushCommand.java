package dev.lagoa.cli.command;

import dev.lagoa.cli.GovernanceWiring;
import dev.lagoa.governance.sync.GovernanceSyncConfig.LineageTarget;
import dev.lagoa.governance.sync.LineagePush;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lagoa lineage push}: the workspace's OpenLineage events to Amazon DataZone or an OpenLineage endpoint. */
@Command(mixinStandardHelpOptions = true, name = "push",
        description = "Sends the OpenLineage events of lineage/events/ not sent yet to Amazon DataZone or an OpenLineage HTTP endpoint "
                + "(governance.lineage.target).")
public final class LineagePushCommand implements java.util.concurrent.Callable<Integer> {
    /** Where the events go. */
    enum Target {
        datazone,
        http
    }

    private final Supplier<GovernanceWiring> governance;

    @Spec
    CommandSpec spec;

    @Option(names = "--to", paramLabel = "TARGET", description = "datazone or http (default: governance.lineage.target).")
    Target target;

    @Option(names = "--json", description = "Prints JSON.")
    boolean json;

    LineagePushCommand(Supplier<GovernanceWiring> governance) {
        this.governance = governance;
    }

    /** 0, or {@value ExitCodes#FINISHED_WITH_REJECTS} when lines that are not events were left unsent. */
    @Override
    public Integer call() {
        LineageTarget chosen = target == null
                ? governance.get().lineageTarget()
                : LineageTarget.parse(target.name());
        LineagePush.Result result = governance.get().lineagePush(chosen).push();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("target", chosen.name().toLowerCase(java.util.Locale.ROOT));
            document.put("events_folder_exists", result.folderExists());
            document.put("files", result.files());
            document.put("sent", result.sent());
            document.put("rejected", result.rejected());
            document.put("restarted", result.restarted());
            out.println(Json.write(document));
            return ExitCodes.lineagePush(result.rejected().size());
        }
        if (!result.folderExists()) {
            out.println("No lineage events yet: lineage/events/ does not exist in this workspace; nothing was sent.");
            return ExitCodes.OK;
        }
        result.restarted().forEach(file -> out.printf("%s is shorter than what was sent: it was replaced, and is sent again from its start%n", file));
        result.rejected().forEach(line -> out.printf("not sent: %s%n", line));
        out.printf("Sent %s from %s%s.%n", dev.lagoa.core.Counts.of(result.sent(), "new lineage event"), dev.lagoa.core.Counts.of(result.files(), "file"),
                result.sent() == 0 ? " (everything was sent before)" : "");
        int status = ExitCodes.lineagePush(result.rejected().size());
        if (status == ExitCodes.FINISHED_WITH_REJECTS) {
            spec.commandLine().getErr().printf("Finished with rejects (exit status %d): %s not sent (not JSON objects), named above%n", status,
                    dev.lagoa.core.Counts.of(result.rejected().size(), "line"));
        }
        return status;
    }
}
