package dev.lagoa.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The shared ending of every job's {@code main}: writes the run's outcome where the local job launcher asked for it
 * (the {@code LAGOA_JOB_RESULT_FILE} environment variable; absent on Glue) and exits with 0 (succeeded), 2 (a
 * {@link JobFailure}: the caller's input or arguments), 3 (an I/O failure: storage or network) or 4 (anything else).
 */
public final class JobMain {
    public static final String RESULT_FILE_VARIABLE = "LAGOA_JOB_RESULT_FILE";
    /** The caller's input or arguments: not retried. */
    public static final int USER_EXIT = 2;
    /** A storage or network failure: retried when the job allows retries. */
    public static final int EXTERNAL_EXIT = 3;
    /** A bug: not retried. */
    public static final int INTERNAL_EXIT = 4;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JobMain() {}

    private static boolean causedByIo(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException || cause instanceof java.io.UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    public interface JobBody {
        Map<String, Object> run() throws Exception;
    }

    public static void run(String jobName, JobBody body) {
        int status;
        ObjectNode result = MAPPER.createObjectNode().put("job", jobName);
        try {
            Map<String, Object> summary = body.run();
            result.put("status", "SUCCEEDED").set("summary", MAPPER.valueToTree(summary));
            status = 0;
        } catch (JobFailure e) {
            System.err.println("ERROR: " + e.getMessage());
            result.put("status", "FAILED").put("error", e.getMessage()).put("error_type", "USER");
            status = USER_EXIT;
        } catch (Throwable e) {
            e.printStackTrace();
            boolean external = causedByIo(e);
            result.put("status", "FAILED").put("error", e.getClass().getSimpleName() + ": " + e.getMessage())
                    .put("error_type", external ? "EXTERNAL" : "INTERNAL");
            status = external ? EXTERNAL_EXIT : INTERNAL_EXIT;
        }
        String resultFile = System.getenv(RESULT_FILE_VARIABLE);
        if (resultFile != null) {
            try {
                Path path = Path.of(resultFile);
                Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
                Files.writeString(temporary, MAPPER.writeValueAsString(result), StandardCharsets.UTF_8);
                Files.move(temporary, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                System.err.println("Cannot write the job result to " + resultFile + ": " + e.getMessage());
            }
        }
        System.exit(status);
    }
}
