package dev.lagoa.contracts;

import static java.util.Objects.requireNonNull;

/**
 * The functions of the pipelines: the classes AWS Lambda runs ({@code handleRequest}), called in-process by the
 * local platform. The functions module binds each constant to its class by type and a unit test checks that every
 * constant is bound, so a renamed handler fails the build.
 */
public enum FunctionHandler {
    IBOV_REFINE_TRIGGER("dev.lagoa.functions.IbovRefineTrigger"),
    QUOTES_REFINE_TRIGGER("dev.lagoa.functions.QuotesRefineTrigger"),
    CATALOG_COMMIT("dev.lagoa.functions.CatalogCommitHandler");

    private final String handlerClass;

    FunctionHandler(String handlerClass) {
        this.handlerClass = requireNonNull(handlerClass, "handlerClass is null");
    }

    /** The fully qualified name of the handler class. */
    public String handlerClass() {
        return handlerClass;
    }

    /** The class name without its package ({@code CatalogCommitHandler}). */
    public String simpleName() {
        return handlerClass.substring(handlerClass.lastIndexOf('.') + 1);
    }

    /** The handler as Lambda's {@code Handler} property takes it: {@code <class>::handleRequest}. */
    public String lambdaHandler() {
        return handlerClass + "::handleRequest";
    }
}
