package dev.lagoa.governance.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lineage.ColumnEdge;
import dev.lagoa.core.lineage.DatasetEdge;
import dev.lagoa.core.lineage.LineageDataset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Traversal on a small lakehouse: two bronze datasets feed a silver fact, which feeds a gold aggregate; a job that
 * reads the table it writes (a cycle through the fact and a correction table).
 */
class LineageGraphTest {
    static LineageDataset dataset(String key, String table) {
        return new LineageDataset(key, LineageDataset.Kind.DECLARED, "s3://lake/" + key + "/", Optional.of(table), Optional.of("importau"), "");
    }

    static DatasetEdge edge(String source, String target, String job) {
        return new DatasetEdge(source, target, job, DatasetEdge.Origin.DECLARED);
    }

    final LineageGraph graph = LineageGraph.of(
            List.of(dataset("pedidos", "PEDIDOS"), dataset("clientes", "CLIENTES"), dataset("fato", "FATO_PEDIDO_CORRELACIONADO"),
                    dataset("agregado", "AGREGADO_FLUXO_DE_CAIXA_MENSAL"), dataset("correcao", "CORRECAO")),
            List.of(edge("pedidos", "fato", "silver"), edge("clientes", "fato", "silver"), edge("fato", "agregado", "gold"),
                    edge("fato", "correcao", "fix"), edge("correcao", "fato", "silver"),
                    new DatasetEdge("pedidos", "fato", "silver", DatasetEdge.Origin.OBSERVED)),
            List.of(new ColumnEdge("pedidos", "valor", "fato", "valor_brl", "silver", "DIRECT/TRANSFORMATION"),
                    new ColumnEdge("fato", "valor_brl", "agregado", "total_mes", "gold", "DIRECT/AGGREGATION"),
                    new ColumnEdge("clientes", "uf", "fato", "uf", "silver", "DIRECT/IDENTITY")));

    static List<String> keys(List<LineageGraph.Node> nodes) {
        return nodes.stream().map(node -> node.dataset().key()).toList();
    }

    @Test
    void upstreamOfAGoldTableReachesTheBronzeDatasetsThroughTheFact() {
        LineageGraph.Node root = graph.datasetLineage("AGREGADO_FLUXO_DE_CAIXA_MENSAL", LineageGraph.Direction.UPSTREAM, 10);
        assertThat(root.dataset().key()).isEqualTo("agregado");
        LineageGraph.Node fato = root.children().get(0);
        assertThat(fato.dataset().key()).isEqualTo("fato");
        assertThat(fato.jobs()).containsExactly("gold");
        assertThat(keys(fato.children())).containsExactly("clientes", "correcao", "pedidos");
        assertThat(fato.children().get(2).jobs()).as("declared and observed edges of one job merge").containsExactly("silver");
    }

    @Test
    void aCycleIsShownOnceAndNotFollowed() {
        LineageGraph.Node correcao = graph.datasetLineage("fato", LineageGraph.Direction.UPSTREAM, 10).children().get(1);
        assertThat(correcao.dataset().key()).isEqualTo("correcao");
        LineageGraph.Node back = correcao.children().get(0);
        assertThat(back.dataset().key()).isEqualTo("fato");
        assertThat(back.cycle()).isTrue();
        assertThat(back.children()).isEmpty();
    }

    @Test
    void depthStopsTheWalkAndSaysThereIsMore() {
        LineageGraph.Node root = graph.datasetLineage("agregado", LineageGraph.Direction.UPSTREAM, 1);
        assertThat(root.children()).hasSize(1);
        assertThat(root.children().get(0).truncated()).isTrue();
        assertThat(root.children().get(0).children()).isEmpty();
        assertThatThrownBy(() -> graph.datasetLineage("agregado", LineageGraph.Direction.UPSTREAM, 0)).isInstanceOf(LagoaException.class)
                .hasMessage("Invalid depth 0: at least 1");
    }

    @Test
    void downstreamOfABronzeDatasetReachesTheGoldTable() {
        LineageGraph.Node root = graph.datasetLineage("s3://lake/pedidos", LineageGraph.Direction.DOWNSTREAM, 10);
        assertThat(keys(root.children())).containsExactly("fato");
        assertThat(keys(root.children().get(0).children())).containsExactly("agregado", "correcao");
    }

    @Test
    void aGoldColumnComesFromABronzeColumnThroughTheFact() {
        LineageGraph.Node root = graph.columnLineage("agregado", "total_mes", LineageGraph.Direction.UPSTREAM, 10);
        LineageGraph.Node fact = root.children().get(0);
        assertThat(fact.column()).contains("valor_brl");
        assertThat(fact.transformations()).containsExactly("DIRECT/AGGREGATION");
        assertThat(fact.children()).singleElement().satisfies(bronze -> {
            assertThat(bronze.dataset().key()).isEqualTo("pedidos");
            assertThat(bronze.column()).contains("valor");
        });
        assertThat(graph.columnLineage("clientes", "uf", LineageGraph.Direction.DOWNSTREAM, 10).children().get(0).column()).contains("uf");
    }

    @Test
    void unknownDatasetsAndColumnsAreNamed() {
        assertThatThrownBy(() -> graph.resolve("vendas")).isInstanceOf(LagoaException.class)
                .satisfies(e -> assertThat(((LagoaException) e).errorCode()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND))
                .hasMessageStartingWith("No dataset 'vendas' in the lineage graph: give a dataset id, a catalog table or an s3:// location (5 datasets known");
        assertThatThrownBy(() -> graph.columnLineage("fato", "cpf", LineageGraph.Direction.UPSTREAM, 3)).isInstanceOf(LagoaException.class)
                .hasMessage("No column lineage of fato.cpf: the columns with lineage are uf, valor_brl");
    }

    @Test
    void mermaidAndDotDrawEachEdgeOnceInTheDataDirection() {
        LineageGraph.Node root = graph.datasetLineage("agregado", LineageGraph.Direction.UPSTREAM, 2);
        String mermaid = LineageFormat.MERMAID.write(root, LineageGraph.Direction.UPSTREAM);
        assertThat(mermaid).startsWith("flowchart LR\n    n0[\"agregado\"]\n    n1[\"fato\"]\n").contains("    n1 -- \"gold\" --> n0\n")
                .contains("    n2 -- \"silver\" --> n1\n");
        String dot = LineageFormat.DOT.write(root, LineageGraph.Direction.UPSTREAM);
        assertThat(dot).startsWith("digraph lineage {\n").contains("    n1 -> n0 [label=\"gold\"];\n").endsWith("}\n");
        assertThat(LineageFormat.JSON.write(root, LineageGraph.Direction.UPSTREAM)).contains("\"direction\" : \"upstream\"")
                .contains("\"table\" : \"FATO_PEDIDO_CORRELACIONADO\"");
        assertThatThrownBy(() -> LineageFormat.parse("svg")).isInstanceOf(LagoaException.class).hasMessage("Invalid format 'svg': text, json, mermaid or dot");
    }
}
