package dev.lagoa.cli.command;

import dev.lagoa.cli.LocalPlatform;
import dev.lagoa.cli.PlatformWiring;
import dev.lagoa.core.config.DiffConfig;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lagoa schedules}: every pipeline schedule with its next fire time, as {@code lagoa serve} runs them. */
@Command(mixinStandardHelpOptions = true, name = "schedules", description = "Lists the pipelines' schedules and when each fires next.")
public final class SchedulesCommand implements Runnable {
    private final Supplier<PlatformWiring> platform;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Prints JSON.")
    boolean json;

    SchedulesCommand(Supplier<PlatformWiring> platform) {
        this.platform = platform;
    }

    @Override
    public void run() {
        List<LocalPlatform.ScheduleView> schedules = platform.get().schedules();
        boolean diffConfigured = DiffConfig.from(platform.get().configuration()).isScheduled();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(schedules.stream().map(schedule -> {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("id", schedule.id());
                document.put("cron", schedule.cron());
                document.put("time_zone", schedule.zone().getId());
                document.put("next", schedule.next().map(Object::toString).orElse(null));
                document.put("last_fired", schedule.lastFired().map(Object::toString).orElse(null));
                document.put("description", schedule.description());
                return document;
            }).toList()));
            return;
        }
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");
        out.printf("%-14s %-22s %-18s %-24s %s%n", "SCHEDULE", "EXPRESSION", "ZONE", "NEXT", "");
        for (LocalPlatform.ScheduleView schedule : schedules) {
            String note = schedule.id().equals("diff/diff") && !diffConfigured ? "(not configured: set diff.snapshots)" : schedule.description();
            out.printf("%-14s %-22s %-18s %-24s %s%n", schedule.id(), schedule.cron(), schedule.zone(),
                    schedule.next().map(format::format).orElse("never"), note);
        }
    }
}
