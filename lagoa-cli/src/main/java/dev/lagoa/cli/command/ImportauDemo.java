package dev.lagoa.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.cli.QueryWiring;
import dev.lagoa.cli.StateMachineWiring;
import dev.lagoa.core.config.Durations;
import dev.lagoa.core.pipeline.ImportauPipeline;
import dev.lagoa.core.query.QueryEngine;
import dev.lagoa.core.query.QueryResult;
import dev.lagoa.core.statemachine.Execution;
import dev.lagoa.core.statemachine.ImportauStateMachines;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The importau part of {@code lagoa demo}: the parent state machine on a small scale (200 orders), then the rows of each
 * layer and the verdicts of the three test machines.
 */
final class ImportauDemo {
    static final String INPUT = "{\"escala\": 0.01, \"data_inicio\": \"2024-01-01\", \"data_fim\": \"2024-12-31\"}";
    private static final Map<String, List<String>> LAYERS = Map.of(
            "Bronze", ImportauPipeline.BRONZE_FOLDERS.stream().map(folder -> "bronze_" + folder).toList(),
            "Silver", List.of("fato_pedido_correlacionado", "importau_rejeitos"),
            "Gold", List.of("agregado_fluxo_de_caixa_mensal", "agregado_previsao_demanda_cambio"));

    private ImportauDemo() {}

    static void run(StateMachineWiring machines, QueryWiring query, PrintWriter out) {
        out.printf("%n7. importau — the importer's lakehouse, as lagoa sfn run importau --input '%s' runs it%n", INPUT);
        out.printf("   (the generator, then five Spark jobs: the Bronze test, the correlator, the Silver test, the Gold aggregates, the Gold test)%n");
        out.flush();
        Execution execution = machines.executorForSmallData((running, transition) -> {
            if (running.stateMachine().equals(ImportauStateMachines.PARENT)) {
                out.println("   " + SfnCommand.line(running, transition).strip());
                out.flush();
            }
        }).run(ImportauStateMachines.PARENT, INPUT);
        out.printf("   execution %s %s in %s%n", execution.id(), execution.status(), execution.duration().map(Durations::format).orElse("-"));
        SfnCommand.failIfNotSucceeded(execution);
        out.printf("%n   Rows per layer (lagoa sql over the catalogued tables):%n");
        try (QueryEngine engine = query.queryEngine()) {
            for (String layer : List.of("Bronze", "Silver", "Gold")) {
                List<String> counts = new ArrayList<>();
                for (String table : LAYERS.get(layer)) {
                    QueryResult result = engine.query("select count(*) from " + table, 1);
                    counts.add("%s %,d".formatted(table, ((Number) result.rows().get(0).get(0)).longValue()));
                }
                out.printf("     %-7s %s%n", layer, String.join(" · ", counts));
            }
            QueryResult reasons = engine.query("select motivo, count(*) from importau_rejeitos group by motivo order by motivo", 20);
            if (!reasons.rows().isEmpty()) {
                out.printf("     rejects by reason: %s%n", String.join(", ", reasons.rows().stream().map(row -> row.get(0) + " " + row.get(1)).toList()));
            }
        }
        JsonNode output = parse(execution.output().orElse("{}"));
        out.printf("%n   Verdicts of the test state machines:%n");
        for (String test : List.of("testebronze", "testesilver", "testegold")) {
            JsonNode summary = output.path("resultados").path(test).path("verificacoes").path(0).path("relatorio").path("Resumo");
            out.printf("     %-22s %s, %d checks — %s%n", "importau-teste-" + summary.path("camada").asText("?"),
                    summary.path("aprovado").asBoolean() ? "APROVADA" : "REPROVADA", summary.path("verificacoes").asInt(), summary.path("relatorio").asText());
        }
        out.printf("%n   Next: lagoa sfn describe %s · lagoa sfn run importau --input '{\"taxa_defeitos\": 0.1}' (the Bronze test fails, naming "
                + "each defect) · lagoa sfn export --out asl%n", execution.id());
        out.flush();
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
