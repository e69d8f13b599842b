package dev.lagoa.local;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.JobsConfig;
import dev.lagoa.core.job.JobDefinition;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * How a job run goes to a cluster: the child JVM runs Spark's own {@code spark-submit} entry point
 * ({@code org.apache.spark.deploy.SparkSubmit}) in client mode, as {@code bin/spark-submit} would, so that the run
 * gets spark-submit's semantics and nothing of Lagoa's making: the driver stays in the child (the launcher supervises
 * it, reads its exit status and result file), the executors are asked of the master with the configured memory and
 * cores, and the jobs' jars are served by the driver to every executor ({@code spark.jars}), which needs nothing of
 * Lagoa installed beforehand.
 */
final class SparkSubmission {
    static final String SPARK_SUBMIT = "org.apache.spark.deploy.SparkSubmit";
    /** The jobs' own jars on {@code jobs.classpath}; the rest of it is Spark and its dependencies, which a cluster has. */
    private static final String OWN_JAR_PREFIX = "lagoa-";

    private SparkSubmission() {}

    /**
     * The child's main class and arguments up to the job's own: SparkSubmit's options, the Spark settings as
     * {@code --conf}, and the jobs' jar as the application's.
     */
    static List<String> arguments(JobsConfig config, JobDefinition job, Map<String, String> settings) {
        List<Path> own = ownJars(config.classpath());
        Path application = own.stream().filter(jar -> holds(jar, job.mainClass())).findFirst()
                .orElseThrow(() -> new LagoaException(ErrorCode.INVALID_CONFIGURATION,
                        "Cannot submit %s to %s: no %s*.jar of jobs.classpath holds its main class %s (a cluster's executors get the jobs' code from their jars)"
                                .formatted(job.name(), config.sparkMaster(), OWN_JAR_PREFIX, job.mainClass())));
        List<String> jars = new ArrayList<>();
        own.stream().filter(jar -> !jar.equals(application)).forEach(jar -> jars.add(jar.toString()));
        jars.addAll(config.jarList());
        List<String> arguments = new ArrayList<>(List.of(SPARK_SUBMIT, "--master", config.sparkMaster(), "--deploy-mode", "client",
                "--name", job.name(), "--class", job.mainClass(), "--driver-memory", config.driverMemory(), "--executor-memory", config.executorMemory()));
        if (config.executorCores() > 0) {
            arguments.addAll(List.of("--executor-cores", Integer.toString(config.executorCores())));
        }
        if (!jars.isEmpty()) {
            arguments.addAll(List.of("--jars", String.join(",", jars)));
        }
        settings.forEach((key, value) -> arguments.addAll(List.of("--conf", key + "=" + value)));
        arguments.add(application.toString());
        return arguments;
    }

    /** The jobs' own jars of a classpath, its {@code dir/*} entries expanded as the JVM expands them, in classpath order. */
    static List<Path> ownJars(String classpath) {
        List<Path> jars = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.endsWith("*")) {
                Path folder = Path.of(entry.substring(0, entry.length() - 1));
                try (Stream<Path> files = Files.isDirectory(folder) ? Files.list(folder) : Stream.empty()) {
                    files.filter(SparkSubmission::isOwnJar).sorted().forEach(jars::add);
                } catch (IOException e) {
                    throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Cannot list %s of jobs.classpath: %s".formatted(folder, e.getMessage()), e);
                }
            } else if (!entry.isBlank() && isOwnJar(Path.of(entry))) {
                jars.add(Path.of(entry));
            }
        }
        return jars.stream().map(Path::toAbsolutePath).distinct().toList();
    }

    private static boolean isOwnJar(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith(OWN_JAR_PREFIX) && name.endsWith(".jar") && Files.isRegularFile(path);
    }

    private static boolean holds(Path jar, String mainClass) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return Optional.ofNullable(file.getEntry(mainClass.replace('.', '/') + ".class")).isPresent();
        } catch (IOException e) {
            return false;
        }
    }
}
