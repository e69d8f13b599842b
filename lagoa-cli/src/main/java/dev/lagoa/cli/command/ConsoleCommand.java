package dev.lagoa.cli.command;

import dev.lagoa.cli.ConsoleWiring;
import dev.lagoa.console.ConsoleServer;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.Profile;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lagoa console}: the web console alone, on this workspace as it is, until Ctrl-C; no embedded service is started
 * ({@code lagoa serve} runs the same console beside them).
 */
@Command(mixinStandardHelpOptions = true, name = "console",
        description = "Runs the web console (catalog, search, lineage, runs, SQL, dashboards) on 127.0.0.1 until Ctrl-C, without the embedded services "
                + "(lagoa serve runs it too).")
public final class ConsoleCommand implements Runnable {
    private final Supplier<ConsoleWiring> console;

    @Spec
    CommandSpec spec;

    ConsoleCommand(Supplier<ConsoleWiring> console) {
        this.console = console;
    }

    @Override
    public void run() {
        ConsoleWiring wiring = console.get();
        if (wiring.profile() != Profile.LOCAL) {
            throw LagoaException.userError("lagoa console reads a local workspace; on AWS, use the Glue, Athena and Step Functions consoles");
        }
        PrintWriter out = spec.commandLine().getOut();
        ConsoleServer server = wiring.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "lagoa-console-shutdown"));
        out.printf("Console %s (workspace %s). Ctrl-C stops.%n", server.uri(), wiring.home());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
    }
}
