package dev.lagoa.local;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.JobsConfig;
import dev.lagoa.core.job.JobDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** A job main for launcher tests: {@code --behaviour succeed|fail|user-error|sleep|flaky}. */
public final class TestJob {
    private TestJob() {}

    /** A launcher whose job runs use this test classpath, knowing only {@code jobs}. */
    static ProcessJobLauncher launcher(Workspace workspace, Map<String, JobDefinition> jobs) {
        JobsConfig config = new JobsConfig("local[1]", "64m", Duration.ofMinutes(5), 2, 2, "",
                System.getProperty("java.class.path"), false);
        return new ProcessJobLauncher(workspace, config, name -> {
            JobDefinition job = jobs.get(name);
            if (job == null) {
                throw new LagoaException(ErrorCode.JOB_NOT_FOUND, "Unknown job '" + name + "'");
            }
            return job;
        }, Clock.systemUTC());
    }

    public static void main(String[] args) throws Exception {
        String behaviour = "succeed";
        String marker = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--behaviour")) {
                behaviour = args[i + 1];
            }
            if (args[i].equals("--marker")) {
                marker = args[i + 1];
            }
        }
        System.out.println("test job " + String.join(" ", args));
        Path result = Path.of(System.getenv("LAGOA_JOB_RESULT_FILE"));
        switch (behaviour) {
            case "succeed" -> {
                Files.writeString(result, "{\"status\":\"SUCCEEDED\",\"summary\":{\"records\":3}}");
                System.exit(0);
            }
            case "user-error" -> {
                Files.writeString(result, "{\"status\":\"FAILED\",\"error\":\"Cannot read today snapshot: no objects under prefix\"}");
                System.exit(2);
            }
            case "flaky" -> {
                // fails on the first attempt, succeeds once the marker exists
                Path flag = Path.of(marker);
                if (Files.exists(flag)) {
                    System.exit(0);
                }
                Files.writeString(flag, "1");
                System.exit(1);
            }
            case "sleep" -> {
                Thread.sleep(60_000);
                System.exit(0);
            }
            default -> System.exit(1);
        }
    }
}
