package dev.lagoa.console;

import static java.util.Objects.requireNonNull;

import io.javalin.config.JavalinConfig;

final class DashboardPages implements ConsoleServer.Page {
    private final ConsoleSources sources;
    private final Layout layout;

    DashboardPages(ConsoleSources sources, Layout layout) {
        this.sources = requireNonNull(sources, "sources is null");
        this.layout = requireNonNull(layout, "layout is null");
    }

    @Override
    public void register(JavalinConfig config) {
    }
}
