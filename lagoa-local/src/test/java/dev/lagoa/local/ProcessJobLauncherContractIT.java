package dev.lagoa.local;

import dev.lagoa.core.job.JobDefinition;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.job.JobLauncherContractTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The child-JVM launcher passes the JobLauncher contract with real processes running {@link TestJob}. */
class ProcessJobLauncherContractIT extends JobLauncherContractTest {
    private static final Map<String, JobDefinition> JOBS = Map.of(
            "contract-ok", new JobDefinition("contract-ok", TestJob.class.getName(), Map.of("--behaviour", "succeed"), Duration.ofMinutes(1), 0, 2),
            "contract-fail", new JobDefinition("contract-fail", TestJob.class.getName(), Map.of("--behaviour", "user-error"), Duration.ofMinutes(1), 0, 2));

    @TempDir
    Path temp;
    private ProcessJobLauncher launcher;

    @BeforeEach
    void start() {
        launcher = TestJob.launcher(Workspace.open(temp.resolve("home")), JOBS);
    }

    @AfterEach
    void close() {
        launcher.close();
    }

    @Override
    protected JobLauncher launcher() {
        return launcher;
    }

    @Override
    protected String succeedingJob() {
        return "contract-ok";
    }

    @Override
    protected String failingJob() {
        return "contract-fail";
    }

    @Override
    protected String failureMessage() {
        return "Cannot read today snapshot: no objects under prefix";
    }
}
