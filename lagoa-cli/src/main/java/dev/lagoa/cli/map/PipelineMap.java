package dev.lagoa.cli.map;

import static java.util.Objects.requireNonNull;

import dev.lagoa.cli.LagoaCli;
import dev.lagoa.contracts.TaskEntryPoint;
import dev.lagoa.core.event.Notification;
import dev.lagoa.core.pipeline.ApiLoadPipeline;
import dev.lagoa.core.pipeline.DatasetDefinition;
import dev.lagoa.core.pipeline.DiffPipeline;
import dev.lagoa.core.pipeline.IbovPipeline;
import dev.lagoa.core.pipeline.ImportauPipeline;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.QuotesPipeline;
import dev.lagoa.core.pipeline.Step;
import dev.lagoa.functions.Functions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;

/**
 * Where the code of a pipeline is: the class that declares it, what each step runs (the command of a task, the main
 * class of a Spark job, the handler of a function), the functions its notifications call, and the tables it writes.
 * Everything is read from the definition and resolved by type, so the map cannot name a class that does not exist.
 */
public record PipelineMap(String pipeline, Code definition, List<StepCode> steps, List<Code> triggers, List<String> tables) {
    private static final Map<String, Class<?>> DECLARED_BY = Map.of(
            DiffPipeline.NAME, DiffPipeline.class,
            IbovPipeline.NAME, IbovPipeline.class,
            QuotesPipeline.NAME, QuotesPipeline.class,
            ApiLoadPipeline.NAME, ApiLoadPipeline.class,
            ImportauPipeline.NAME, ImportauPipeline.class);

    public PipelineMap {
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(definition, "definition is null");
        steps = List.copyOf(requireNonNull(steps, "steps is null"));
        triggers = List.copyOf(requireNonNull(triggers, "triggers is null"));
        tables = List.copyOf(requireNonNull(tables, "tables is null"));
    }

    /** A class that implements part of a pipeline, and what it does there. */
    public record Code(String role, String className) {
        public Code {
            requireNonNull(role, "role is null");
            requireNonNull(className, "className is null");
        }

        /** The class's source file, relative to the repository's root. */
        public String sourceFile() {
            return SourceFiles.of(className);
        }

        public String simpleName() {
            String outer = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
            return outer.substring(outer.lastIndexOf('.') + 1);
        }
    }

    /** A step and the classes that run it (a task's entry point and its command; a job's main; a function's handler). */
    public record StepCode(String step, String kind, List<Code> code) {
        public StepCode {
            requireNonNull(step, "step is null");
            requireNonNull(kind, "kind is null");
            code = List.copyOf(requireNonNull(code, "code is null"));
        }
    }

    /**
     * The map of a pipeline Lagoa ships.
     *
     * @throws IllegalArgumentException when the pipeline is not one of {@link dev.lagoa.core.pipeline.Pipelines#all()}, or
     *     a task names a command the CLI does not have
     */
    public static PipelineMap of(PipelineDefinition pipeline) {
        Class<?> declaredBy = DECLARED_BY.get(pipeline.name());
        if (declaredBy == null) {
            throw new IllegalArgumentException("No declaring class known for pipeline " + pipeline.name());
        }
        List<StepCode> steps = new ArrayList<>();
        for (Step step : pipeline.steps()) {
            if (step instanceof Step.SparkJob spark) {
                steps.add(new StepCode(step.id(), "Spark job " + spark.job().name(), List.of(new Code("job", spark.job().mainClass()))));
            } else if (step instanceof Step.Task task) {
                List<Code> code = new ArrayList<>();
                code.add(new Code("task", task.entryPoint().mainClass()));
                command(task).ifPresent(command -> code.add(new Code("lagoa " + String.join(" ", task.arguments()), command.getName())));
                steps.add(new StepCode(step.id(), "task", code));
            } else {
                Step.Function function = (Step.Function) step;
                steps.add(new StepCode(step.id(), "function", List.of(new Code("function", Functions.handlerClass(function.handler()).getName()))));
            }
        }
        Set<Code> triggers = new LinkedHashSet<>();
        for (Notification notification : pipeline.notifications()) {
            if (notification.target() instanceof Notification.Target.Function function) {
                triggers.add(new Code("function", Functions.handlerClass(function.handler()).getName()));
            }
        }
        List<String> tables = new ArrayList<>();
        for (DatasetDefinition dataset : pipeline.datasets()) {
            if (isTable(dataset)) {
                tables.add(dataset.tableName());
            }
        }
        return new PipelineMap(pipeline.name(), new Code("definition", declaredBy.getName()), steps, List.copyOf(triggers), tables);
    }

    /** Data a person queries: Parquet in a refined, Bronze, Silver or Gold layer, or a database's tables. */
    private static boolean isTable(DatasetDefinition dataset) {
        boolean queryable = switch (dataset.layer()) {
            case BRONZE, SILVER, GOLD, REFINED -> true;
            case RAW, CHANGES, QUARANTINE -> false;
        };
        return queryable && (dataset.format() == dev.lagoa.core.pipeline.DataFormat.PARQUET || dataset.location().startsWith("postgresql://"));
    }

    /** The picocli command class a task of the {@code lagoa} command line runs ({@code ingest b3} is {@code IngestCommand.B3}). */
    static Optional<Class<?>> command(Step.Task task) {
        if (task.entryPoint() != TaskEntryPoint.LAGOA_CLI) {
            return Optional.empty();
        }
        Class<?> current = LagoaCli.class;
        for (String name : task.arguments()) {
            if (name.startsWith("-")) {
                break;
            }
            Command command = current.getAnnotation(Command.class);
            Class<?> next = null;
            for (Class<?> subcommand : command == null ? new Class<?>[0] : command.subcommands()) {
                Command annotation = subcommand.getAnnotation(Command.class);
                if (annotation != null && annotation.name().equals(name)) {
                    next = subcommand;
                }
            }
            if (next == null) {
                if (current == LagoaCli.class) {
                    throw new IllegalArgumentException("Task '" + task.id() + "' runs 'lagoa " + String.join(" ", task.arguments())
                            + "': the lagoa command has no '" + name + "'");
                }
                break; // a positional parameter of the command reached so far
            }
            current = next;
        }
        return Optional.of(current);
    }

    /**
     * The map as a Markdown section of {@code docs/}: one table per pipeline, each class linked to its source file;
     * {@code testsOf} gives the test files (relative to the repository's root) that exercise a pipeline.
     */
    public static String markdown(List<PipelineMap> maps, java.util.function.Function<PipelineMap, List<String>> testsOf) {
        StringBuilder out = new StringBuilder();
        for (PipelineMap map : maps) {
            out.append("\n#### `").append(map.pipeline()).append("`\n\n| part | code |\n|---|---|\n");
            out.append("| definition | ").append(link(map.definition())).append(" |\n");
            for (StepCode step : map.steps()) {
                out.append("| step `").append(step.step()).append("` (").append(step.kind()).append(") | ")
                        .append(String.join(", ", step.code().stream().map(PipelineMap::link).toList())).append(" |\n");
            }
            if (!map.triggers().isEmpty()) {
                out.append("| triggered by | ").append(String.join(", ", map.triggers().stream().map(PipelineMap::link).toList())).append(" |\n");
            }
            if (!map.tables().isEmpty()) {
                out.append("| tables | ").append(String.join(", ", map.tables().stream().map(table -> "`" + table + "`").toList())).append(" |\n");
            }
            List<String> tests = testsOf.apply(map);
            if (!tests.isEmpty()) {
                out.append("| tests | ").append(String.join(", ", tests.stream()
                        .map(test -> "[" + test.substring(test.lastIndexOf('/') + 1, test.lastIndexOf('.')) + "](../" + test + ")").toList()))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    private static String link(Code code) {
        String name = code.role().startsWith("lagoa ") ? "`" + code.role() + "` " + code.simpleName() : code.simpleName();
        return "[" + name + "](../" + code.sourceFile() + ")";
    }

    /** Every class of the map, once, in the order it reads. */
    public List<Code> code() {
        Set<Code> all = new LinkedHashSet<>();
        all.add(definition);
        steps.forEach(step -> all.addAll(step.code()));
        all.addAll(triggers);
        return List.copyOf(all);
    }
}
