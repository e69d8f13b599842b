package dev.lagoa.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.contracts.JobEntryPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The shared ending of every job's {@code main}: writes the run's outcome where the local job launcher asked for it
 * (the {@code lagoa.job.result-file} system property in a warm job JVM, else the {@code LAGOA_JOB_RESULT_FILE}
 * environment variable; neither on Glue) and exits with 0 (succeeded), 2 (a
 * {@link JobFailure}: the caller's input or arguments), 3 (storage, network or memory failed: retriable) or 4 (a bug);
 * with {@value #EXIT_PROPERTY}{@code =false} (on Glue) it returns or throws instead.
 */
public final class JobMain {
    public static final String RESULT_FILE_VARIABLE = "LAGOA_JOB_RESULT_FILE";
    /**
     * The system property that, set to {@code false}, makes {@link #run} return when the run succeeded and throw
     * {@link JobRunFailed} when it failed instead of ending the JVM: Glue's script sets it, since a job there runs inside
     * Glue's driver and its outcome is what {@code main} returns or throws.
     */
    public static final String EXIT_PROPERTY = "lagoa.job.exit";
    /** The caller's input or arguments: not retried. */
    public static final int USER_EXIT = 2;
    /** Storage, network or memory failed: retried when the job allows retries. */
    public static final int EXTERNAL_EXIT = 3;
    /** A bug: not retried. */
    public static final int INTERNAL_EXIT = 4;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JobMain() {}

    /** Storage, network or memory: the environment failed, not the job's logic; worth a retry. */
    private static boolean isEnvironmental(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException || cause instanceof java.io.UncheckedIOException || cause instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    public interface JobBody {
        Map<String, Object> run() throws Exception;
    }

    /** What a Spark job's run reads from its arguments, before its Spark session starts (so bad arguments fail fast). */
    public interface RequestParser<R> {
        R parse(GlueArguments arguments);
    }

    /** A Spark job's run, given its session and its request. */
    public interface SparkJobBody<R> {
        Map<String, Object> run(SparkSession spark, R request) throws Exception;
    }

    /**
     * The {@code main} of a Spark job: parses the arguments, starts the session (Glue's, or a local one), runs the
     * job, stops the session, and ends as {@link #run} does.
     */
    public static <R> void runSpark(String jobName, String[] args, RequestParser<R> parser, SparkJobBody<R> body) {
        run(jobName, () -> {
            R request = parser.parse(GlueArguments.parse(args));
            SparkSession spark = SparkSession.builder().appName(jobName).getOrCreate();
            try {
                return body.run(spark, request);
            } finally {
                spark.stop();
            }
        });
    }

    public static void run(String jobName, JobBody body) {
        int status;
        String failure = "";
        ObjectNode result = MAPPER.createObjectNode().put("job", jobName);
        try {
            Map<String, Object> summary = body.run();
            result.put("status", "SUCCEEDED").set("summary", MAPPER.valueToTree(summary));
            status = 0;
        } catch (JobFailure e) {
            System.err.println("ERROR: " + e.getMessage());
            // a failure the job names (missing snapshot, too many rejects) is the caller's, unless storage failed under it
            boolean external = e.getCause() != null && isEnvironmental(e.getCause());
            result.put("status", "FAILED").put("error", e.getMessage()).put("error_type", external ? "EXTERNAL" : "USER");
            status = external ? EXTERNAL_EXIT : USER_EXIT;
            failure = jobName + " failed: " + e.getMessage();
        } catch (Throwable e) {
            boolean external = isEnvironmental(e);
            String error = crash(jobName, e, external);
            // the words first, for whoever reads the run's error or the top of its log; the stack trace after them
            System.err.println("ERROR: " + error);
            e.printStackTrace();
            result.put("status", "FAILED").put("error", error).put("error_type", external ? "EXTERNAL" : "INTERNAL");
            status = external ? EXTERNAL_EXIT : INTERNAL_EXIT;
            failure = error;
        }
        String resultFile = System.getProperty(JobEntryPoint.RESULT_FILE_PROPERTY, System.getenv(RESULT_FILE_VARIABLE));
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
        if (Boolean.parseBoolean(System.getProperty(EXIT_PROPERTY, "true"))) {
            System.exit(status);
        }
        if (status != 0) {
            throw new JobRunFailed(failure, status);
        }
    }

    /**
     * A crash in words: the job, what kind of failure (its environment, or a bug) and the message, never the exception's
     * class (the stack trace, which names it, goes to the run's log).
     */
    static String crash(String jobName, Throwable error, boolean external) {
        return "%s stopped %s: %s; the stack trace is in the run's log".formatted(jobName,
                external ? "because its storage, network or memory failed" : "on an unexpected error (a bug)", message(error));
    }

    /**
     * The first message of the chain that says something of its own: a wrapper's default message is its cause's class
     * and message ({@code java.io.IOException: connection reset}), so the cause's is taken instead.
     */
    private static String message(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && !message.isBlank() && (cause.getCause() == null || !message.equals(cause.getCause().toString()))) {
                return message;
            }
        }
        return "no message given";
    }

    /** A failed run when the job may not end the JVM ({@value #EXIT_PROPERTY} is false): Glue shows its message as the run's error. */
    public static final class JobRunFailed extends RuntimeException {
        private final int exitStatus;

        JobRunFailed(String message, int exitStatus) {
            super(message);
            this.exitStatus = exitStatus;
        }

        /** What the job would have exited with: 2, 3 or 4. */
        public int exitStatus() {
            return exitStatus;
        }
    }
}
