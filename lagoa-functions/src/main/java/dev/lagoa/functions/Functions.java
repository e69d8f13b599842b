package dev.lagoa.functions;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.lagoa.contracts.FunctionHandler;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.lake.ObjectStore;

/**
 * The pipelines' functions bound to their classes by type: what each {@link FunctionHandler} of a pipeline
 * definition runs, and how a runtime that has its own ports (the local platform) creates it. On AWS Lambda each
 * handler's no-arg constructor wires the AWS ports from the function's environment instead.
 */
public final class Functions {
    private Functions() {}

    /** The ports a function may need, from the runtime that calls it. */
    public record Ports(JobLauncher jobLauncher, ObjectStore objectStore, Catalog catalog, String catalogDatabase) {
        public Ports {
            requireNonNull(jobLauncher, "jobLauncher is null");
            requireNonNull(objectStore, "objectStore is null");
            requireNonNull(catalog, "catalog is null");
            requireNonNull(catalogDatabase, "catalogDatabase is null");
        }
    }

    /** The class that implements {@code handler}. */
    public static Class<? extends RequestHandler<S3Event, ?>> handlerClass(FunctionHandler handler) {
        return switch (handler) {
            case IBOV_REFINE_TRIGGER -> IbovRefineTrigger.class;
            case QUOTES_REFINE_TRIGGER -> QuotesRefineTrigger.class;
            case CATALOG_COMMIT -> CatalogCommitHandler.class;
        };
    }

    /** {@code handler}'s function, given the caller's ports. */
    public static RequestHandler<S3Event, ?> create(FunctionHandler handler, Ports ports) {
        requireNonNull(ports, "ports is null");
        return switch (handler) {
            case IBOV_REFINE_TRIGGER -> new IbovRefineTrigger(ports.jobLauncher());
            case QUOTES_REFINE_TRIGGER -> new QuotesRefineTrigger(ports.jobLauncher());
            case CATALOG_COMMIT -> new CatalogCommitHandler(ports.objectStore(), ports.catalog(), ports.catalogDatabase());
        };
    }
}
