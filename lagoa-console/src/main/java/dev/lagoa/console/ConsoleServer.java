package dev.lagoa.console;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.ErrorType;
import dev.lagoa.core.LagoaException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.io.Closeable;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console: Javalin on 127.0.0.1, its pages and their JSON under {@code /api/}, the console's own scripts and
 * stylesheet under {@code /static/}, and ECharts and Cytoscape.js from their WebJars under {@code /webjars/}. Every
 * request passes the {@link Guard} first. A user error answers 400 (404 for what does not exist), an outside system
 * 502, anything else 500, on a page that says what happened (the stack trace goes to the log).
 */
public final class ConsoleServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private static final java.util.Set<ErrorCode> NOT_FOUND = java.util.EnumSet.of(ErrorCode.OBJECT_NOT_FOUND, ErrorCode.JOB_NOT_FOUND,
            ErrorCode.JOB_RUN_NOT_FOUND, ErrorCode.STATE_MACHINE_NOT_FOUND, ErrorCode.EXECUTION_NOT_FOUND);

    private final Javalin app;
    private final URI uri;

    private ConsoleServer(Javalin app) {
        this.app = app;
        this.uri = URI.create("http://127.0.0.1:" + app.port() + "/");
    }

    /**
     * Starts the console on 127.0.0.1:{@code port} (0: a free port). With {@code orFree}, a port that is taken falls back
     * to a free one. Throws {@code LagoaException} ({@code SERVICE_START_FAILED}) when the port cannot be taken.
     */
    public static ConsoleServer start(ConsoleSources sources, int port, boolean orFree, Locale locale) {
        requireNonNull(sources, "sources is null");
        requireNonNull(locale, "locale is null");
        try {
            return started(sources, locale, port);
        } catch (RuntimeException e) {
            if (!orFree || port == 0) {
                throw new LagoaException(ErrorCode.SERVICE_START_FAILED, "Cannot start the console on 127.0.0.1:%d: %s (set services.console.port to a free port)"
                        .formatted(port, rootMessage(e)), e);
            }
            LOG.info("Port {} is taken; the console takes a free port", port);
            return started(sources, locale, 0);
        }
    }

    /** {@code http://127.0.0.1:<port>/}. */
    public URI uri() {
        return uri;
    }

    @Override
    public void close() {
        app.stop();
    }

    private static ConsoleServer started(ConsoleSources sources, Locale locale, int port) {
        Guard guard = new Guard();
        Javalin app = create(sources, locale, port, guard).start();
        guard.port(app.port());
        return new ConsoleServer(app);
    }

    private static Javalin create(ConsoleSources sources, Locale locale, int port, Guard guard) {
        Layout layout = new Layout(Messages.of(locale));
        List<Function<Layout, Page>> pages = List.of(
                view -> new HomePage(sources, view),
                view -> new CatalogPages(sources, view),
                view -> new LineagePage(sources, view),
                view -> new SearchPage(sources, view),
                view -> new SqlPage(sources, view),
                view -> new RunsPages(sources, view),
                view -> new DashboardPages(sources, view));
        return Javalin.create(config -> {
            config.jetty.host = "127.0.0.1";
            config.jetty.port = port;
            config.startup.showJavalinBanner = false;
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/dev/lagoa/console/static";
                files.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
            config.routes.before(guard::before);
            pages.forEach(page -> page.apply(layout).register(config));
            errors(config, layout);
        });
    }

    private static void errors(JavalinConfig config, Layout layout) {
        config.routes.exception(LagoaException.class, (e, ctx) -> {
            int status = NOT_FOUND.contains(e.errorCode()) ? 404 : e.errorType() == ErrorType.USER ? 400
                    : e.errorType() == ErrorType.EXTERNAL ? 502 : 500;
            if (status == 500) {
                LOG.warn("{} failed", ctx.path(), e);
            }
            problem(ctx, layout, status, e.getMessage());
        });
        config.routes.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, layout, e.getStatus(), e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.warn("{} failed", ctx.path(), e);
            problem(ctx, layout, 500, layout.messages().get("error.internal"));
        });
        config.routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                problem(ctx, layout, 404, layout.messages().get("error.not-found", ctx.path()));
            }
        });
    }

    /** An error as JSON under {@code /api/}, as a page elsewhere. */
    private static void problem(Context ctx, Layout layout, int status, String message) {
        ctx.status(status);
        if (ctx.path().startsWith("/api/") || Guard.token(ctx) == null) {
            json(ctx, java.util.Map.of("status", status, "error", message));
            return;
        }
        layout.render(ctx, layout.messages().get("error.title"), Html.of("<h1>{}</h1><p class=\"error\" role=\"alert\">{}</p>",
                layout.messages().get("error.title"), message));
    }

    /** Sends {@code value} as JSON. */
    static void json(Context ctx, Object value) {
        try {
            ctx.contentType("application/json; charset=utf-8").result(JSON.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? "the port is taken" : root.getMessage();
    }

    /** A page or a group of pages: its routes, GET for what it shows and POST for what it changes. */
    interface Page {
        void register(JavalinConfig config);
    }
}
