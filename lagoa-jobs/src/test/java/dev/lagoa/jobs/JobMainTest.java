package dev.lagoa.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link JobMain} as Glue's script runs it: {@code lagoa.job.exit=false}, so it returns or throws instead of ending the JVM. */
class JobMainTest {
    @BeforeEach
    void noExit() {
        System.setProperty(JobMain.EXIT_PROPERTY, "false");
    }

    @AfterEach
    void restore() {
        System.clearProperty(JobMain.EXIT_PROPERTY);
    }

    @Test
    void aSucceededRunReturns() {
        boolean[] ran = {false};
        JobMain.run("lagoa-test", () -> {
            ran[0] = true;
            return Map.of("records", 1);
        });
        assertThat(ran[0]).isTrue();
    }

    @Test
    void aFailureTheJobNamesThrowsWithItsMessageAndTheUserStatus() {
        assertThatThrownBy(() -> JobMain.run("lagoa-test", () -> {
            throw new JobFailure("No snapshot under s3://exports/2026-12-05/");
        })).isInstanceOfSatisfying(JobMain.JobRunFailed.class, failed -> {
            assertThat(failed.exitStatus()).isEqualTo(JobMain.USER_EXIT);
            assertThat(failed).hasMessage("lagoa-test failed: No snapshot under s3://exports/2026-12-05/");
        });
    }

    @Test
    void aCrashSaysInWordsWhichJobFailedAndWhyBeforeItsStackTrace() {
        PrintStream original = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> JobMain.run("lagoa-test", () -> {
                throw new IllegalStateException("no partition for 2026-12-05");
            })).hasMessage("lagoa-test stopped on an unexpected error (a bug): no partition for 2026-12-05; the stack trace is in the run's log");
        } finally {
            System.setErr(original);
        }
        String log = printed.toString(StandardCharsets.UTF_8);
        assertThat(log).startsWith("ERROR: lagoa-test stopped on an unexpected error (a bug): no partition for 2026-12-05;")
                .doesNotStartWith("java.").contains("java.lang.IllegalStateException: no partition for 2026-12-05", "\tat ");
    }

    @Test
    void aCrashNamesTheMessageOfTheCauseAndNeverAClass() {
        assertThat(JobMain.crash("lagoa-test", new java.io.UncheckedIOException(new java.io.IOException("connection reset")), true))
                .isEqualTo("lagoa-test stopped because its storage, network or memory failed: connection reset; the stack trace is in the run's log");
        assertThat(JobMain.crash("lagoa-test", new RuntimeException(new NullPointerException()), false))
                .isEqualTo("lagoa-test stopped on an unexpected error (a bug): no message given; the stack trace is in the run's log");
    }

    @Test
    void aBugThrowsWithTheInternalStatusAndStorageWithTheExternalOne() {
        assertThatThrownBy(() -> JobMain.run("lagoa-test", () -> {
            throw new IllegalStateException("broken");
        })).isInstanceOfSatisfying(JobMain.JobRunFailed.class, failed -> assertThat(failed.exitStatus()).isEqualTo(JobMain.INTERNAL_EXIT));
        assertThatThrownBy(() -> JobMain.run("lagoa-test", () -> {
            throw new java.io.UncheckedIOException(new java.io.IOException("connection reset"));
        })).isInstanceOfSatisfying(JobMain.JobRunFailed.class, failed -> assertThat(failed.exitStatus()).isEqualTo(JobMain.EXTERNAL_EXIT));
    }
}
