package dev.lagoa.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.io.Closeable;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Where the CLI's log lines go and how much of them: on the console (standard error) a logged error is its one-line
 * message, and its stack trace only with {@code --verbose}; a log file ({@link #appendTo}) keeps the stack traces
 * always. The console's layout ({@code logback.xml}) names this class as its {@code %stackTraceIfVerbose} converter.
 */
public final class LogOutput extends ThrowableProxyConverter {
    private static volatile boolean verbose;

    /** {@code --verbose}: the console shows stack traces too. */
    public static void verbose(boolean shown) {
        verbose = shown;
    }

    @Override
    public String convert(ILoggingEvent event) {
        return verbose ? super.convert(event) : "";
    }

    /**
     * Appends what the process logs, with stack traces, to {@code file} (created with its folders) until the returned
     * handle is closed. Does nothing when SLF4J is not bound to Logback.
     */
    public static Closeable appendTo(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return () -> { };
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{0}: %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("file " + file);
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        return () -> {
            root.detachAppender(appender);
            appender.stop();
        };
    }
}
