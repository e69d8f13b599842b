package dev.lagoa.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** A job main for launcher tests: {@code --behaviour succeed|fail|user-error|sleep|flaky}. */
public final class TestJob {
    private TestJob() {}

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
