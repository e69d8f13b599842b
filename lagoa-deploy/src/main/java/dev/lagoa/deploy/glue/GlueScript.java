package dev.lagoa.deploy.glue;

import dev.lagoa.core.job.JobDefinition;

/**
 * The script of a Glue Scala job: Glue runs the object named by {@code --class} from the script at
 * {@code ScriptLocation}; this one hands the arguments to the job's main class, which is in {@code --extra-jars}.
 */
public final class GlueScript {
    private static final String CLASS_NAME = "LagoaGlueJob";

    private GlueScript() {}

    public static String source(JobDefinition job) {
        return """
                object %s {
                  def main(sysArgs: Array[String]): Unit = {
                    %s.main(sysArgs)
                  }
                }
                """.formatted(CLASS_NAME, job.mainClass());
    }

    public static String className() {
        return CLASS_NAME;
    }

    public static String fileName(JobDefinition job) {
        return job.name() + ".scala";
    }
}
