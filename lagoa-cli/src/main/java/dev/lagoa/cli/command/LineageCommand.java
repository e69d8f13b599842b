package dev.lagoa.cli.command;

import dev.lagoa.cli.GovernanceWiring;
import dev.lagoa.governance.lineage.LineageFormat;
import dev.lagoa.governance.lineage.LineageGraph;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lagoa lineage DATASET --upstream|--downstream [--column COL] [--depth N] [--format ...]}: where a dataset (or
 * a column) comes from, or what is made from it. Before answering, the graph takes in what the pipelines declare and
 * the run events written since the last time ({@code lineage/events/}).
 */
@Command(mixinStandardHelpOptions = true, name = "lineage",
        description = "Shows where a dataset or column comes from (--upstream) or what is made from it (--downstream), from the pipelines' "
                + "declarations and the OpenLineage events of the runs; lagoa lineage push sends the events to AWS.",
        subcommands = LineagePushCommand.class)
public final class LineageCommand implements Runnable {
    private final Supplier<GovernanceWiring> governance;

    @Spec
    CommandSpec spec;

    // optional for picocli so that `lagoa lineage push` parses; run() requires them
    @Parameters(index = "0", arity = "0..1", paramLabel = "DATASET", description = "A dataset id (ibov-ativos), a catalog table (ibov_ativos) or an s3:// location.")
    String dataset;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Direction direction;

    static final class Direction {
        @Option(names = "--upstream", required = true, description = "What the dataset comes from.")
        boolean upstream;

        @Option(names = "--downstream", required = true, description = "What is made from the dataset.")
        boolean downstream;
    }

    @Option(names = "--column", paramLabel = "COL", description = "Follows this column (column-level lineage from the runs' events).")
    String column;

    @Option(names = "--depth", paramLabel = "N", description = "Most edges followed (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    int depth;

    @Option(names = "--format", paramLabel = "text|json|mermaid|dot", description = "Output format (default: ${DEFAULT-VALUE}).", defaultValue = "text")
    String format;

    @Option(names = "--json", description = "Same as --format json.")
    boolean json;

    LineageCommand(Supplier<GovernanceWiring> governance) {
        this.governance = governance;
    }

    @Override
    public void run() {
        if (dataset == null || direction == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Give a DATASET and --upstream or --downstream (lagoa lineage ibov_ativos --upstream), or use lagoa lineage push");
        }
        LineageFormat output = json ? LineageFormat.JSON : LineageFormat.parse(format);
        LineageGraph.Direction way = direction.upstream ? LineageGraph.Direction.UPSTREAM : LineageGraph.Direction.DOWNSTREAM;
        LineageGraph graph = governance.get().lineageGraph();
        LineageGraph.Node root = column == null ? graph.datasetLineage(dataset, way, depth) : graph.columnLineage(dataset, column, way, depth);
        PrintWriter out = spec.commandLine().getOut();
        out.print(output.write(root, way));
        out.flush();
    }
}
