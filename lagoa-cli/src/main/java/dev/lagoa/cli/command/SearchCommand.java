package dev.lagoa.cli.command;

import dev.lagoa.cli.GovernanceWiring;
import dev.lagoa.core.pipeline.Layer;
import dev.lagoa.governance.discovery.AssetType;
import dev.lagoa.governance.discovery.DiscoveryIndex;
import dev.lagoa.governance.discovery.SearchHit;
import dev.lagoa.governance.discovery.SearchRequest;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lagoa search "QUERY"}: discovery over the pipelines' datasets and steps, the state machines and their tasks, and
 * the catalogued tables and columns, in Portuguese ("risco cambial", "câmbio", "cotações"), ranked, with the matches marked. The index follows the catalog:
 * each search first brings it up to date, which costs nothing when nothing changed.
 */
@Command(mixinStandardHelpOptions = true, name = "search",
        description = "Searches datasets, tables, columns, pipelines, state machines and steps by name, description, tags and owner (Portuguese-aware).")
public final class SearchCommand implements Runnable {
    private final Supplier<GovernanceWiring> governance;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "QUERY", description = "Words to find; accents and case do not matter; -word excludes.")
    String query;

    @Option(names = "--type", paramLabel = "dataset|table|column|pipeline|state-machine|task", description = "Only assets of this type.")
    String type;

    @Option(names = "--layer", paramLabel = "LAYER", description = "Only assets of this layer (raw, bronze, silver, gold, refined, ...).")
    String layer;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "Most results (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Prints JSON.")
    boolean json;

    SearchCommand(Supplier<GovernanceWiring> governance) {
        this.governance = governance;
    }

    @Override
    public void run() {
        SearchRequest request = SearchRequest.of(query).withLimit(limit);
        if (type != null) {
            request = request.withTypes(AssetType.selectedBy(type));
        }
        if (layer != null) {
            request = request.withLayer(Layer.valueOf(layer.toUpperCase(Locale.ROOT)));
        }
        List<SearchHit> hits;
        try (DiscoveryIndex index = governance.get().discoveryIndex()) {
            hits = index.search(request);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(hits.stream().map(SearchHit::document).toList()));
            return;
        }
        if (hits.isEmpty()) {
            out.printf("Nothing found for \"%s\".%n", query);
            return;
        }
        for (int i = 0; i < hits.size(); i++) {
            out.println(hits.get(i).toText(i + 1));
        }
    }
}
