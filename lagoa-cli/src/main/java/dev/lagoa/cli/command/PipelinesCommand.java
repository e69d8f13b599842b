package dev.lagoa.cli.command;

import dev.lagoa.cli.map.PipelineMap;
import dev.lagoa.core.pipeline.DatasetDefinition;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.pipeline.Step;
import dev.lagoa.core.pipeline.Trigger;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lagoa pipelines list|show}: the pipeline definitions, as declared. */
@Command(mixinStandardHelpOptions = true, name = "pipelines", description = "The pipelines Lagoa runs: datasets, triggers, steps.",
        subcommands = {PipelinesCommand.ListPipelines.class, PipelinesCommand.Show.class})
public final class PipelinesCommand {
    @Command(mixinStandardHelpOptions = true, name = "list", description = "Lists the pipelines.")
    static final class ListPipelines implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(Pipelines.all()));
                return;
            }
            for (PipelineDefinition pipeline : Pipelines.all()) {
                out.printf("%-10s %s%n", pipeline.name(), pipeline.description());
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "show", description = "Shows one pipeline's datasets, triggers, steps, tables and the files of its code.")
    static final class Show implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PIPELINE", description = "Pipeline name, e.g. diff.")
        String name;

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        @Override
        public void run() {
            PipelineDefinition pipeline = Pipelines.named(name);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(pipeline));
                return;
            }
            out.printf("%s — %s%nowner: %s   tags: %s%n%nDatasets:%n", pipeline.name(), pipeline.description(), pipeline.owner(),
                    String.join(", ", new java.util.TreeSet<>(pipeline.tags())));
            for (DatasetDefinition dataset : pipeline.datasets()) {
                out.printf("  %-20s %-10s %-11s %s%n      %s%n", dataset.id(), dataset.layer(), dataset.format(), dataset.location(), dataset.description());
            }
            out.printf("%nTriggers:%n");
            for (Trigger trigger : pipeline.triggers()) {
                String text;
                if (trigger instanceof Trigger.Schedule schedule) {
                    text = "cron(%s) %s — %s".formatted(schedule.cron(), schedule.zone(), schedule.description());
                } else if (trigger instanceof Trigger.ObjectCreated created) {
                    text = "object created in %s ending with '%s'".formatted(created.datasetId(), created.suffix());
                } else {
                    text = "by hand (lagoa CLI)";
                }
                out.printf("  %-10s %s%n", trigger.stepId(), text);
            }
            if (!pipeline.queues().isEmpty()) {
                out.printf("%nQueues:%n");
                pipeline.queues().forEach(queue -> out.printf("  %-20s %s%n      visibility %s, retention %s, dead letters after %d receives → %s%n",
                        queue.name(), queue.description(), queue.visibilityTimeout(), queue.retention(), queue.maxReceiveCount(),
                        queue.name().deadLetterQueue()));
            }
            if (!pipeline.notifications().isEmpty()) {
                out.printf("%nNotifications:%n");
                pipeline.notifications().forEach(notification -> out.printf("  %-20s objects created in %s ending with '%s' → %s%n",
                        notification.id(), notification.datasetId(), notification.suffix(),
                        notification.target() instanceof dev.lagoa.core.event.Notification.Target.Queue queue ? "queue " + queue.queue()
                                : "function " + ((dev.lagoa.core.event.Notification.Target.Function) notification.target()).handler().simpleName()));
            }
            out.printf("%nSteps:%n");
            for (Step step : pipeline.steps()) {
                out.printf("  %-10s %s%n      reads %s, writes %s%n", step.id(), step.description(), step.inputs(), step.outputs());
                if (step instanceof Step.Task task) {
                    out.printf("      task %s%s (ECS on AWS)%n", task.entryPoint().simpleName(),
                            task.arguments().isEmpty() ? "" : ": lagoa " + String.join(" ", task.arguments()));
                } else if (step instanceof Step.SparkJob spark) {
                    out.printf("      Spark job %s (%s), timeout %s, retries %d, max concurrent runs %d%n", spark.job().name(), spark.job().mainClass(),
                            spark.job().timeout(), spark.job().maxRetries(), spark.job().maxConcurrentRuns());
                } else if (step instanceof Step.Function function) {
                    out.printf("      function %s (Lambda on AWS)%n", function.handler().handlerClass());
                }
            }
            PipelineMap map = PipelineMap.of(pipeline);
            out.printf("%nCode (in the source tree):%n");
            for (PipelineMap.Code code : map.code()) {
                out.printf("  %-22s %s%n", code.role(), code.sourceFile());
            }
            if (!map.tables().isEmpty()) {
                out.printf("%nTables: %s%n", String.join(", ", map.tables()));
            }
        }
    }
}
