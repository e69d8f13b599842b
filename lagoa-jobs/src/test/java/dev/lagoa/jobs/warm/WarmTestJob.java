package dev.lagoa.jobs.warm;

import dev.lagoa.jobs.GlueArguments;
import dev.lagoa.jobs.JobFailure;
import dev.lagoa.jobs.JobMain;
import java.util.Map;

/**
 * A job main for the warm job JVM's tests, {@code --behaviour spark|user-error|leak|sleep|exit}: a small Spark job that
 * reports its JVM and its session, or a job that fails, leaves a thread running, sleeps, or ends its JVM.
 */
public final class WarmTestJob {
    private WarmTestJob() {}

    public static void main(String[] args) {
        String behaviour = GlueArguments.parse(args).optional("behaviour").orElse("spark");
        if (behaviour.equals("exit")) {
            System.exit(3);
        }
        JobMain.runSpark("warm-test", args, arguments -> arguments.runId(), (spark, runId) -> {
            System.out.println("warm test job " + runId);
            switch (behaviour) {
                case "user-error" -> throw new JobFailure("The snapshot of " + runId + " is missing");
                case "leak" -> {
                    Thread leaked = new Thread(() -> sleep(600_000), "leaked-by-" + runId);
                    leaked.start();
                }
                case "sleep" -> sleep(600_000);
                default -> { }
            }
            long rows = spark.range(100).selectExpr("id % 7 AS k").groupBy("k").count().count();
            return Map.of("pid", ProcessHandle.current().pid(), "rows", rows, "app", spark.sparkContext().appName(),
                    "master", spark.sparkContext().master(), "lineage", spark.conf().get("spark.openlineage.parentRunId"));
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
