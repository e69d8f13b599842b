package dev.lagoa.deploy.glue;

import static java.util.Objects.requireNonNull;

import dev.lagoa.contracts.JobEntryPoint;
import dev.lagoa.core.job.JobDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Scala script of a Glue job whose code is Lagoa's jobs jar. A Glue Spark job ({@code glueetl}) with
 * {@code --job-language scala} takes its code from {@code Command.ScriptLocation}, the S3 location of a Scala
 * <em>source</em> file that Glue compiles on the service before the run, and calls {@code main(sysArgs)} of the
 * object that {@code --class} names; the jars of {@code --extra-jars} are on the classpath. A jar cannot be the
 * script, so each job gets this small script: an object {@value #CLASS_NAME} whose {@code main} calls the job's Java
 * main class ({@link JobDefinition#mainClass()}) with the run's arguments.
 *
 * <p>Glue passes every argument of the run as {@code --name value} pairs: the job's own ({@code --date},
 * {@code --source}, ...) and those Glue reads itself ({@code --JOB_ID}, {@code --job-bookmark-option},
 * {@code --TempDir}, ...). The script drops the latter ({@link #GLUE_ARGUMENTS}) so that the job sees only what it
 * was given, except {@code --JOB_RUN_ID}, which names the run's files, folders and manifest as it does locally.
 * {@link #jobArguments(List)} is that filter in Java; the script holds the same algorithm in Scala and a test runs
 * both on the same arguments.
 *
 * <p>The script sets the system property {@value #EXIT_PROPERTY} to {@code false} before calling the job, asking it
 * to return when the run succeeded and throw when it failed (so that Glue shows the error as the run's) rather than
 * end the driver's JVM with {@code System.exit} as a local job run does (the jobs' {@code JobMain} reads it). It also sets
 * {@link JobEntryPoint#GLUE_PROPERTY}, which tells a job that it runs on Glue (the diff then runs on Spark).
 */
public final class GlueScript {
    /** The object every script defines, and so the value of the job's {@code --class} argument. */
    public static final String CLASS_NAME = "GlueApp";

    /** The system property the script sets: {@code false} asks the job to return or throw, never call System.exit. */
    public static final String EXIT_PROPERTY = "lagoa.job.exit";

    /** The one Glue argument the jobs read: the run's id ({@code jr_...}). */
    public static final String RUN_ID_ARGUMENT = "JOB_RUN_ID";

    /**
     * The names (without {@code --}) of the arguments that Glue itself reads, dropped before the job sees them
     * (except {@link #RUN_ID_ARGUMENT}). From AWS Glue's "Using job parameters in AWS Glue jobs"
     * (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html), including the
     * names it says Glue uses internally ({@code --conf}, {@code --debug}, {@code --mode}, {@code --JOB_NAME}), and
     * the names Glue's own argument parser reserves ({@code getResolvedOptions} in awslabs/aws-glue-libs:
     * {@code --JOB_ID}, {@code --JOB_RUN_ID}, {@code --SECURITY_CONFIGURATION}, {@code --encryption-type},
     * {@code --job-bookmark-from}, {@code --job-bookmark-to}, {@code --continuation-option},
     * {@code --RedshiftTempDir}). No job of Lagoa reads any of these names.
     */
    public static final Set<String> GLUE_ARGUMENTS = Set.of(
            "JOB_NAME", "JOB_ID", RUN_ID_ARGUMENT, "SECURITY_CONFIGURATION",
            "conf", "debug", "mode",
            "job-language", "class", "scriptLocation", "extra-py-files", "extra-jars", "user-jars-first", "extra-files",
            "additional-python-modules", "python-modules-installer-option", "use-postgres-driver",
            "job-bookmark-option", "job-bookmark-from", "job-bookmark-to", "continuation-option",
            "TempDir", "RedshiftTempDir", "encryption-type",
            "enable-s3-parquet-optimized-committer", "enable-rename-algorithm-v2", "enable-glue-datacatalog",
            "enable-metrics", "enable-observability-metrics", "enable-job-insights", "enable-auto-scaling",
            "enable-continuous-cloudwatch-log", "enable-continuous-log-filter", "continuous-log-logGroup",
            "continuous-log-logStreamPrefix", "continuous-log-conversionPattern",
            "enable-spark-ui", "spark-event-logs-path", "enable-spark-ui-legacy-path",
            "executor-cores", "datalake-formats", "customer-driver-env-vars", "customer-executor-env-vars",
            "write-shuffle-files-to-s3", "write-shuffle-spills-to-s3", "auto-scale-within-microbatch",
            "disable-proxy-v2", "enable-lakeformation-fine-grained-access");

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Scala 2.12's reserved words: a package named so is written between backquotes. */
    private static final Set<String> SCALA_KEYWORDS = Set.of("abstract", "case", "catch", "class", "def", "do", "else", "extends", "false",
            "final", "finally", "for", "forSome", "if", "implicit", "import", "lazy", "macro", "match", "new", "null", "object", "override",
            "package", "private", "protected", "return", "sealed", "super", "this", "throw", "trait", "try", "true", "type", "val", "var",
            "while", "with", "yield");

    private GlueScript() {}

    /** The value of the job's {@code --class} argument: the object the script defines. */
    public static String className() {
        return CLASS_NAME;
    }

    /** The script's file name, {@code <job-name>.scala}: one script per job, side by side under one prefix. */
    public static String fileName(JobDefinition job) {
        requireNonNull(job, "job is null");
        return job.name() + ".scala";
    }

    /**
     * The Scala source of {@code job}'s script.
     *
     * @throws IllegalArgumentException if the job's main class is not a plain dotted name of ASCII identifiers
     */
    public static String source(JobDefinition job) {
        requireNonNull(job, "job is null");
        String mainClass = scalaReference(job.mainClass());
        String reserved = new TreeSet<>(GLUE_ARGUMENTS).stream().filter(name -> !name.equals(RUN_ID_ARGUMENT))
                .map(name -> "\"" + name + "\"").collect(Collectors.joining(",\n      ", "\n      ", "\n    "));
        return """
                // The AWS Glue script of the Lagoa job %1$s, generated from its definition: do not edit.
                // Glue compiles it and calls %2$s.main with the run's arguments (--name value pairs); the job's code is
                // %3$s, in the jobs jar that --extra-jars puts on the classpath.
                object %2$s {
                  /** The arguments Glue reads itself, dropped before the job sees them (--%4$s is kept: it names the run's files). */
                  val GlueArguments: Set[String] = Set(%5$s)

                  def main(sysArgs: Array[String]): Unit = {
                    // the job returns, or throws so that Glue shows its error; it never ends the driver with System.exit
                    System.setProperty("%6$s", "false")
                    System.setProperty("%8$s", "true")
                    %7$s.main(jobArguments(sysArgs))
                  }

                  /** sysArgs without Glue's own arguments; the rest, pairs and lone words, in their order and unchanged. */
                  def jobArguments(sysArgs: Array[String]): Array[String] = {
                    val kept = Array.newBuilder[String]
                    var i = 0
                    while (i < sysArgs.length) {
                      val argument = sysArgs(i)
                      val isName = argument.startsWith("--") && argument.length > 2
                      val equals = argument.indexOf('=')
                      val inline = isName && equals > 2
                      val name = if (!isName) "" else if (inline) argument.substring(2, equals) else argument.substring(2)
                      val width = if (isName && !inline && i + 1 < sysArgs.length && !sysArgs(i + 1).startsWith("--")) 2 else 1
                      if (!(isName && GlueArguments.contains(name))) {
                        kept ++= sysArgs.slice(i, i + width)
                      }
                      i += width
                    }
                    kept.result()
                  }
                }
                """.formatted(job.name(), CLASS_NAME, job.mainClass(), RUN_ID_ARGUMENT, reserved, EXIT_PROPERTY, mainClass,
                JobEntryPoint.GLUE_PROPERTY);
    }

    /**
     * The arguments the job receives from Glue's {@code sysArgs}: the script's filter, in Java. A word starting with
     * {@code --} names an argument; {@code --name=value} is one word, otherwise the next word is its value unless it
     * starts with {@code --} (as the jobs read them). Glue's own arguments ({@link #GLUE_ARGUMENTS} but
     * {@link #RUN_ID_ARGUMENT}) are dropped with their values; everything else is kept in order.
     */
    public static List<String> jobArguments(List<String> sysArgs) {
        requireNonNull(sysArgs, "sysArgs is null");
        List<String> kept = new ArrayList<>();
        int i = 0;
        while (i < sysArgs.size()) {
            String argument = sysArgs.get(i);
            boolean isName = argument.startsWith("--") && argument.length() > 2;
            int equals = argument.indexOf('=');
            boolean inline = isName && equals > 2;
            String name = !isName ? "" : inline ? argument.substring(2, equals) : argument.substring(2);
            int width = isName && !inline && i + 1 < sysArgs.size() && !sysArgs.get(i + 1).startsWith("--") ? 2 : 1;
            if (!(isName && isDropped(name))) {
                kept.addAll(sysArgs.subList(i, i + width));
            }
            i += width;
        }
        return List.copyOf(kept);
    }

    /** Whether the script drops the argument {@code --name}. */
    public static boolean isDropped(String name) {
        return GLUE_ARGUMENTS.contains(name) && !name.equals(RUN_ID_ARGUMENT);
    }

    /** {@code dev.lagoa.jobs.diff.DiffJob} as a Scala reference from the root package, keywords quoted. */
    private static String scalaReference(String mainClass) {
        List<String> segments = List.of(mainClass.split("\\.", -1));
        StringBuilder reference = new StringBuilder("_root_");
        for (String segment : segments) {
            if (!IDENTIFIER.matcher(segment).matches()) {
                throw new IllegalArgumentException("Cannot call main class '" + mainClass
                        + "' from a Glue script: use a dotted name of ASCII letters, digits and '_'");
            }
            reference.append('.').append(SCALA_KEYWORDS.contains(segment) ? "`" + segment + "`" : segment);
        }
        return reference.toString();
    }
}
