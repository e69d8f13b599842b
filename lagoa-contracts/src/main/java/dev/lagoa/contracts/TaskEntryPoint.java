package dev.lagoa.contracts;

import static java.util.Objects.requireNonNull;

/**
 * The {@code main} classes of the control plane that run a pipeline's container tasks: an ECS task of the
 * {@code lagoa} image on AWS, a command of the local runtime. A unit test of the CLI module resolves every one.
 */
public enum TaskEntryPoint {
    /** The {@code lagoa} command line; a task gives it the command to run ({@code ingest b3}). */
    LAGOA_CLI("dev.lagoa.cli.LagoaCli"),
    /** The 02:00 publisher of the diff's change files to Kafka. */
    DIFF_PUBLISHER("dev.lagoa.cli.PublisherMain");

    private final String mainClass;

    TaskEntryPoint(String mainClass) {
        this.mainClass = requireNonNull(mainClass, "mainClass is null");
    }

    public String mainClass() {
        return mainClass;
    }

    public String simpleName() {
        return mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }
}
