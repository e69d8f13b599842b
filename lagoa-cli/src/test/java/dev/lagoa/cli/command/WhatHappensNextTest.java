package dev.lagoa.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.lagoa.cli.LocalPlatform;
import dev.lagoa.cli.LogOutput;
import dev.lagoa.cli.ServeLock;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI says happens next after a landing, and how serve reports a condition it expects. */
class WhatHappensNextTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T13:00:05Z"), ZoneId.of("America/Sao_Paulo"));

    @TempDir
    Path home;

    @AfterEach
    void quiet() {
        LogOutput.verbose(false);
    }

    @Test
    void aLandingWithoutServeSaysTheJobStartsWhenServeRunsAndHowToRunIt() {
        assertThat(ServeLock.running(home)).isEmpty();

        String said = next(ServeLock.status(home));

        assertThat(said).isEqualTo("  next:  ibov-refine starts when lagoa serve runs on this workspace (the new objects' events wait until then); "
                + "to run it now: lagoa --home " + home + " serve\n");
    }

    @Test
    void aLandingWhileServeRunsSaysServeStartsTheJob() throws Exception {
        try (ServeLock lock = ServeLock.lock(home)) {
            long pid = ProcessHandle.current().pid();
            assertThat(ServeLock.running(home)).contains(pid);

            assertThat(next(ServeLock.status(home))).isEqualTo("  next:  lagoa serve (pid " + pid + ") starts ibov-refine from the new objects' events; "
                    + "follow it with: lagoa --home " + home + " jobs runs\n");
        }
        assertThat(ServeLock.running(home)).as("a serve that stopped").isEmpty();
    }

    @Test
    void aLockFileOfAProcessThatIsGoneIsNoServe() throws Exception {
        java.nio.file.Files.writeString(home.resolve("serve.lock"), "pid " + Long.MAX_VALUE + "\nstarted 2026-12-07T12:00:00Z");

        assertThat(ServeLock.running(home)).isEmpty();
        assertThat(next(ServeLock.status(home))).contains("to run it now: lagoa --home " + home + " serve");
    }

    @Test
    void aJobAtItsLimitOfRunsInFlightIsOneLineWithoutAStackTrace() {
        LagoaException limit = new LagoaException(ErrorCode.CONCURRENT_RUNS_EXCEEDED,
                "Cannot start ibov-refine: 1 run is already in flight (jr_1), the limit is 1 for the job and 2 in all (jobs.max-concurrent-runs)");
        LagoaException failed = new LagoaException(ErrorCode.FUNCTION_FAILED, "Function IbovRefineTrigger failed for raw/2022-12-08/dados_originais.parquet: "
                + limit.getMessage(), limit);
        StringWriter out = new StringWriter();

        new ServeLines(new PrintWriter(out), CLOCK).eventWaiting("s3://lagoa-b3/raw/2022-12-08/dados_originais.parquet", "function IbovRefineTrigger",
                LocalPlatform.reason(failed));

        assertThat(out.toString()).isEqualTo("2026-12-07 10:00:05 event s3://lagoa-b3/raw/2022-12-08/dados_originais.parquet → function IbovRefineTrigger: "
                + "not delivered, sent again at each scan: Cannot start ibov-refine: 1 run is already in flight (jr_1), the limit is 1 for the job "
                + "and 2 in all (jobs.max-concurrent-runs)\n");
    }

    @Test
    void theConsoleShowsALoggedErrorsStackTraceOnlyWhenVerbose() {
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("stackTraceIfVerbose", LogOutput.class.getName());
        layout.setPattern("%-5level %logger{0}: %msg%n%stackTraceIfVerbose");
        layout.start();
        LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger("dev.lagoa.local.schedule.LocalScheduler"), Level.WARN,
                "diff/publish failed: {}", new LagoaException(ErrorCode.SERVICE_NOT_RUNNING, "Kafka (KRaft) is not running"),
                new Object[] {"Kafka (KRaft) is not running"});

        assertThat(layout.doLayout(event)).isEqualTo("WARN  LocalScheduler: diff/publish failed: Kafka (KRaft) is not running\n");
        LogOutput.verbose(true);
        assertThat(layout.doLayout(event)).startsWith("WARN  LocalScheduler: diff/publish failed: Kafka (KRaft) is not running\n")
                .contains("\tat ");
    }

    private static String next(ServeLock.Status serve) {
        StringWriter out = new StringWriter();
        IngestCommand.printNext(serve, "ibov-refine", new PrintWriter(out));
        return out.toString().replace(System.lineSeparator(), "\n");
    }
}
