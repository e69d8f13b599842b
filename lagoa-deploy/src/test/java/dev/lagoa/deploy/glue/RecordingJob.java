package dev.lagoa.deploy.glue;

import dev.lagoa.contracts.JobEntryPoint;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A job main for the Glue script test: writes the arguments it was given and the exit and Glue properties it saw to the file
 * that the system property {@code lagoa.test.record} names; with {@code --fail yes} it throws, as a failed job does.
 */
public final class RecordingJob {
    private RecordingJob() {}

    public static void main(String[] args) {
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(Path.of(System.getProperty("lagoa.test.record"))))) {
            out.writeObject(args);
            out.writeObject(String.valueOf(System.getProperty(GlueScript.EXIT_PROPERTY)));
            out.writeObject(String.valueOf(System.getProperty(JobEntryPoint.GLUE_PROPERTY)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--fail") && args[i + 1].equals("yes")) {
                throw new IllegalStateException("the job failed as asked");
            }
        }
    }
}
