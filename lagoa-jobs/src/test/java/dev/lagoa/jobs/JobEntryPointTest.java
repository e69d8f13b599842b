package dev.lagoa.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.contracts.JobEntryPoint;
import dev.lagoa.contracts.JobNames;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The control plane knows the jobs by name only: every name it uses must be a class of this jar with a main. */
class JobEntryPointTest {
    @Test
    void everyEntryPointIsAClassOfTheJobsJarWithAMain() throws Exception {
        for (JobEntryPoint entryPoint : JobEntryPoint.values()) {
            Class<?> job = Class.forName(entryPoint.mainClass(), false, getClass().getClassLoader());
            Method main = job.getMethod("main", String[].class);
            assertThat(Modifier.isStatic(main.getModifiers())).as(entryPoint + " main is static").isTrue();
            assertThat(job.getSimpleName()).isEqualTo(entryPoint.simpleName());
        }
    }

    @Test
    void theClassArchiveWarmupIsAClassOfTheJobsJarWithAMain() throws Exception {
        Method main = Class.forName(JobEntryPoint.CLASS_ARCHIVE_WARMUP, false, getClass().getClassLoader()).getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
    }

    @Test
    void theJobNamesTheJobsReportAreTheNamesThePipelinesDeclare() throws Exception {
        Set<String> declared = Arrays.stream(JobNames.class.getFields()).map(JobEntryPointTest::value).collect(Collectors.toSet());
        for (JobEntryPoint entryPoint : JobEntryPoint.values()) {
            Class<?> job = Class.forName(entryPoint.mainClass(), false, getClass().getClassLoader());
            for (Field field : job.getFields()) {
                if (field.getName().equals("JOB_NAME")) {
                    assertThat(declared).as(entryPoint + ".JOB_NAME").contains(value(field));
                }
            }
        }
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
