package dev.lagoa.cli.command;

import dev.lagoa.cli.GovernanceWiring;
import dev.lagoa.core.catalog.TagSync.TagChange;
import dev.lagoa.governance.sync.SyncReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lagoa catalog sync --to aws}: the workspace's catalog to the Glue Data Catalog, its tags to Lake Formation. */
@Command(mixinStandardHelpOptions = true, name = "sync",
        description = "Pushes the catalog to the Glue Data Catalog (a database per pipeline; comments, owner, layer, tags and PII classes as "
                + "parameters) and its tags to Lake Formation LF-Tags. A second sync changes nothing.")
final class CatalogSyncCommand implements Runnable {
    /** Where the catalog goes. */
    enum Target {
        aws
    }

    private final Supplier<GovernanceWiring> governance;

    @Spec
    CommandSpec spec;

    @Option(names = "--to", required = true, paramLabel = "TARGET", description = "Where to push: aws (Glue Data Catalog and Lake Formation).")
    Target target;

    @Option(names = "--dry-run", description = "Only reads, and prints what would change.")
    boolean dryRun;

    @Option(names = "--json", description = "Prints JSON.")
    boolean json;

    CatalogSyncCommand(Supplier<GovernanceWiring> governance) {
        this.governance = governance;
    }

    @Override
    public void run() {
        SyncReport report = governance.get().awsCatalogSync().sync(dryRun);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("dry_run", report.dryRun());
            document.put("up_to_date", report.isUpToDate());
            document.put("tables", report.tables().stream().map(table -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("table", table.source().toString());
                entry.put("glue_table", table.target().toString());
                entry.put("action", table.action().name().toLowerCase(Locale.ROOT));
                entry.put("changed", table.changed());
                entry.put("partitions_added", table.partitionsAdded());
                return entry;
            }).toList());
            document.put("lf_tag_changes", report.tagChanges().stream().map(change -> Map.of("kind", change.kind().name().toLowerCase(Locale.ROOT),
                    "target", change.target(), "key", change.key(), "values", change.values())).toList());
            document.put("notes", report.notes());
            out.println(Json.write(document));
            return;
        }
        if (report.dryRun()) {
            out.println("Dry run: nothing is changed; this is what the sync would do.");
        }
        out.printf("%-30s %-44s %-10s %10s  %s%n", "TABLE", "GLUE TABLE", "ACTION", "PARTITIONS", "CHANGES");
        for (SyncReport.TableSync table : report.tables()) {
            out.printf("%-30s %-44s %-10s %10s  %s%n", table.source().table(), table.target(), table.action().name().toLowerCase(Locale.ROOT),
                    "+" + table.partitionsAdded(), String.join(", ", table.changed()));
        }
        List<TagChange> changes = report.tagChanges();
        if (!changes.isEmpty()) {
            out.println("LF-Tags:");
            changes.forEach(change -> out.printf("  %s%n", change));
        }
        report.notes().forEach(note -> out.printf("note: %s%n", note));
        long created = report.tables().stream().filter(table -> table.action() == SyncReport.Action.CREATE).count();
        long updated = report.tables().stream().filter(table -> table.action() == SyncReport.Action.UPDATE).count();
        int partitions = report.tables().stream().mapToInt(SyncReport.TableSync::partitionsAdded).sum();
        if (report.isUpToDate()) {
            out.printf("The Glue Data Catalog and the LF-Tags are up to date (%s).%n", dev.lagoa.core.Counts.of(report.tables().size(), "table"));
        } else {
            out.printf("%s %d table(s), %s %d, %d unchanged; %s %d partition(s); %d LF-Tag change(s)%s.%n", report.dryRun() ? "Would create" : "Created",
                    created, report.dryRun() ? "would update" : "updated", updated, report.tables().size() - created - updated,
                    report.dryRun() ? "would add" : "added", partitions, changes.size(), report.dryRun() ? " to make" : "");
        }
    }
}
