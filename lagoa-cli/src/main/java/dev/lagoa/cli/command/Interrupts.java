package dev.lagoa.cli.command;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C while a program runs in the terminal (psql, the CDK): the terminal sends SIGINT to both that program and
 * this JVM, and only the program must act on it (psql cancels its query and goes on), so this JVM lets it pass.
 */
final class Interrupts {
    /** A program's exit status, waited for. */
    interface Work {
        int run() throws InterruptedException;
    }

    private Interrupts() {}

    static int ignoredWhile(Work work) {
        Signal interrupt = new Signal("INT");
        // a handler, not SIG_IGN: the program started meanwhile gets the default disposition, not an ignored signal
        SignalHandler previous = Signal.handle(interrupt, signal -> { });
        try {
            return work.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "Interrupted while waiting for the program it ran", e);
        } finally {
            Signal.handle(interrupt, previous);
        }
    }
}
