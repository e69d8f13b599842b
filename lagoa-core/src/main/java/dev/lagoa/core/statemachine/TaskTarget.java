package dev.lagoa.core.statemachine;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/** What a Task state runs. */
public sealed interface TaskTarget {
    /**
     * A Spark job run: AWS Glue's {@code startJobRun.sync} on AWS, the local job runner's child JVM locally. Argument
     * values may hold {@code {name}} placeholders of the configuration ({@code {importau-bucket}}).
     */
    record SparkJob(String jobName, Map<String, String> arguments) implements TaskTarget {
        public SparkJob {
            requireNonNull(jobName, "jobName is null");
            arguments = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(arguments, "arguments is null")));
        }
    }

    /**
     * A task of the control plane (the generator of the Bronze data, catalog registration): run in-process locally, an
     * ECS task of the {@code lagoa} image on AWS. Parameters may hold placeholders as Spark job arguments do.
     */
    record ControlPlane(String task, Map<String, String> parameters) implements TaskTarget {
        public ControlPlane {
            requireNonNull(task, "task is null");
            parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(parameters, "parameters is null")));
        }
    }

    /** Another state machine, started and awaited ({@code states:startExecution.sync:2}); its output is this task's result. */
    record StartExecution(String stateMachine) implements TaskTarget {
        public StartExecution {
            requireNonNull(stateMachine, "stateMachine is null");
        }
    }
}
