package dev.lagoa.contracts;

import static java.util.Objects.requireNonNull;

/**
 * The {@code main} classes of the jobs jar: what Glue's {@code --class} names and what the local job launcher starts in
 * its child JVM. The control plane never loads these classes (they need Spark), so it knows them by name only; a unit
 * test of the jobs module resolves every one, so a renamed job fails the build.
 */
public enum JobEntryPoint {
    DIFF("dev.lagoa.jobs.diff.DiffJob"),
    IBOV_REFINE("dev.lagoa.jobs.ibov.IbovRefineJob"),
    QUOTES_REFINE("dev.lagoa.jobs.quotes.QuotesRefineJob"),
    IMPORTAU_SILVER("dev.lagoa.jobs.importau.ImportauSilverJob"),
    IMPORTAU_GOLD("dev.lagoa.jobs.importau.ImportauGoldJob"),
    IMPORTAU_QUALITY("dev.lagoa.jobs.importau.ImportauQualityJob");

    /**
     * Not a job: the {@code main} that the local job launcher runs once per JDK and jobs classpath to load the classes
     * job runs load, so that the class data sharing archive recorded as it exits holds them.
     */
    public static final String CLASS_ARCHIVE_WARMUP = "dev.lagoa.jobs.ClassArchiveWarmup";

    /**
     * Not a job: the {@code main} of a warm job JVM, which runs job mains one after the other for the local job launcher
     * (requests on its standard input, one JSON object per line; a reply per request on its standard output, on a line
     * that starts with {@link #WARM_RUNNER_REPLY}).
     */
    public static final String WARM_RUNNER = "dev.lagoa.jobs.WarmJobRunner";

    /** What starts a warm job JVM's reply line: anything else it prints is not a reply. */
    public static final String WARM_RUNNER_REPLY = "lagoa-warm-runner ";

    /**
     * The system property that names the file where a job writes its outcome (a warm job JVM's runs share one
     * environment); the {@code LAGOA_JOB_RESULT_FILE} environment variable names it for a JVM of its own.
     */
    public static final String RESULT_FILE_PROPERTY = "lagoa.job.result-file";

    /**
     * The system property that Glue's job script sets to {@code true} before it calls a job's main: the job runs inside
     * Glue's driver, with a cluster behind it.
     */
    public static final String GLUE_PROPERTY = "lagoa.job.glue";

    private final String mainClass;

    JobEntryPoint(String mainClass) {
        this.mainClass = requireNonNull(mainClass, "mainClass is null");
    }

    /** The fully qualified name of the class whose {@code main} runs the job. */
    public String mainClass() {
        return mainClass;
    }

    /** The class name without its package, as people read it ({@code IbovRefineJob}). */
    public String simpleName() {
        return mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }
}
