package dev.lagoa.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The publisher as a container task (ECS on EventBridge Scheduler, 02:00 São Paulo): {@code lagoa publish diffs}
 * with its configuration from the environment only ({@code LAGOA_PROFILE=aws}, {@code LAGOA_LAKE_DIFFS_BUCKET},
 * {@code LAGOA_KAFKA_BOOTSTRAP_SERVERS}, {@code LAGOA_KAFKA_SECURITY}, {@code LAGOA_KAFKA_SASL_PASSWORD_FILE}, ...;
 * see {@code lagoa config describe}). Arguments are those of {@code lagoa publish diffs}: {@code [--date D]
 * [--require-files] [--json]}. Exits with 0, or 2 (user), 3 (external: retry the task), 4 (internal), 5 (finished with
 * quarantined change files or records).
 */
public final class PublisherMain {
    private PublisherMain() {}

    public static void main(String[] args) {
        List<String> command = new ArrayList<>(List.of("publish", "diffs"));
        command.addAll(List.of(args));
        System.exit(LagoaCli.execute(System.getenv(), Clock.systemUTC(), new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                command.toArray(String[]::new)));
    }
}
