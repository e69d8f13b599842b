package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.Profile;
import dev.lagoa.core.lake.ObjectLocation;
import dev.lagoa.core.query.QueryEngine;
import java.nio.file.Path;

/**
 * The wiring of SQL over the catalogued tables ({@code lagoa sql}, the demo): a query engine over the tables as they
 * are now: DuckDB over the workspace's lake locally, Athena over the Glue Data Catalog on the aws profile. Arguments are never null.
 */
public final class QueryWiring {
    private final LagoaRuntime runtime;

    /** Throws {@code NullPointerException} for a null runtime. */
    public QueryWiring(LagoaRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    /**
     * A query engine over the catalogued tables as they are now; the caller closes it. Throws {@code LagoaException} (a
     * user error) when a table's location lies outside the local lake.
     */
    public QueryEngine queryEngine() {
        if (runtime.profile() == Profile.AWS) {
            return runtime.queryEngine(location -> {
                throw new IllegalStateException("Athena reads the tables' locations itself");
            });
        }
        Path lake = runtime.folders().lake();
        return runtime.queryEngine(location -> {
            ObjectLocation prefix = ObjectLocation.parse(location);
            Path folder = lake.resolve(prefix.bucket().value()).resolve(prefix.key()).normalize();
            if (!folder.startsWith(lake)) {
                throw LagoaException.userError("Table location %s lies outside the lake", location);
            }
            return folder;
        });
    }
}
