package dev.lagoa.cli.command;

import dev.lagoa.cli.AwsWiring;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.Durations;
import dev.lagoa.core.statemachine.Execution;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code lagoa sfn run --profile aws}: starts the machine deployed to Step Functions and prints its transitions as the
 * local run prints them. The exit status says how it ended: 0 SUCCEEDED; 2 FAILED (the machine's own failure, as
 * locally); 3 TIMED_OUT or ABORTED (ended from outside the machine's definition: its timeout, or someone stopping it
 * in AWS).
 */
final class SfnOnAws {
    private SfnOnAws() {}

    static void run(AwsWiring aws, String name, String input, boolean json, PrintWriter out) {
        if (!json) {
            out.printf("Running %s on Step Functions (input %s)%n", name, input);
            out.flush();
        }
        AtomicReference<Execution> running = new AtomicReference<>();
        AwsWiring.DeployedExecution ended = aws.runStateMachine(name, input, started -> {
            running.set(started);
            if (!json) {
                out.printf("Started %s%n", started.id());
                out.flush();
            }
        }, transition -> {
            if (!json) {
                out.println(SfnCommand.line(running.get(), transition));
                out.flush();
            }
        });
        Execution execution = ended.execution();
        if (json) {
            out.println(Json.write(SfnCommand.document(execution, ended.history(), List.of())));
        } else {
            out.printf("%s %s in %s%n", execution.id(), execution.status(), execution.duration().map(Durations::format).orElse("-"));
        }
        failIfNotSucceeded(execution);
    }

    static void failIfNotSucceeded(Execution execution) {
        String message = "Execution %s of %s ended %s: %s: %s (lagoa sfn describe %s --profile aws)".formatted(execution.id(), execution.stateMachine(),
                execution.status(), execution.error().orElse("?"), execution.cause().orElse(""), execution.id());
        switch (execution.status()) {
            case SUCCEEDED -> { }
            case FAILED -> throw new LagoaException(ErrorCode.EXECUTION_FAILED, message);
            case TIMED_OUT, ABORTED, RUNNING -> throw new LagoaException(ErrorCode.AWS_ERROR, message);
        }
    }
}
