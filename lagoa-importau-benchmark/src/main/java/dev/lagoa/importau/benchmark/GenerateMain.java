package dev.lagoa.importau.benchmark;

import dev.lagoa.core.lake.BucketName;
import dev.lagoa.importau.BronzeGenerator;
import dev.lagoa.importau.GenerationRequest;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.Workspace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;

/** The Bronze generation, in its own JVM: {@code <workspace> <bucket> <scale>}; prints the items written. */
public final class GenerateMain {
    private GenerateMain() {}

    public static void main(String[] args) {
        GenerationRequest request = new GenerationRequest(42, Double.parseDouble(args[2]), LocalDate.parse("2024-01-01"), LocalDate.parse("2024-12-31"),
                0.002, false);
        try (LocalObjectStore store = new LocalObjectStore(Workspace.open(Path.of(args[0])))) {
            BronzeGenerator.Result result = new BronzeGenerator(store, BucketName.of(args[1]), Clock.systemUTC()).generate(request);
            System.out.println("ITEMS " + result.rows().get("itens_pedido"));
            System.out.println("REJECTS " + result.expectedRejects());
        }
    }
}
