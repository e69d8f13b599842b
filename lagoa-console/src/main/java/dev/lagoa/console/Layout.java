package dev.lagoa.console;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import java.util.List;

/**
 * The frame of every page: the language, the navigation (a skip link first, for the keyboard), the search box, the
 * session's token for scripts, the stylesheet and the page's own scripts (files of the console, never inline).
 */
final class Layout {
    private static final List<String[]> NAVIGATION = List.of(
            new String[] {"/", "nav.pipelines"}, new String[] {"/catalog", "nav.catalog"}, new String[] {"/runs", "nav.runs"},
            new String[] {"/sql", "nav.sql"}, new String[] {"/dashboards/ibov", "nav.ibov"}, new String[] {"/dashboards/petr4", "nav.petr4"},
            new String[] {"/dashboards/importau", "nav.importau"});

    private final Messages messages;

    Layout(Messages messages) {
        this.messages = requireNonNull(messages, "messages is null");
    }

    Messages messages() {
        return messages;
    }

    /** Sends a whole page: {@code title} (text), {@code body} (the page's main content) and its scripts under {@code /static/}. */
    void render(Context ctx, String title, Html body, String... scripts) {
        String path = ctx.path();
        Html navigation = Html.join(NAVIGATION.stream().map(link -> Html.of("<li><a href=\"{}\"{}>{}</a></li>", link[0],
                current(path, link[0]) ? Html.of(" aria-current=\"page\"") : Html.EMPTY, messages.get(link[1]))).toList());
        Html scriptTags = Html.join(java.util.Arrays.stream(scripts).map(script -> script.startsWith("/")
                ? Html.of("<script src=\"{}\"></script>", script)
                : Html.of("<script src=\"/static/{}\"></script>", script)).toList());
        Html page = Html.of("""
                <!DOCTYPE html>
                <html lang="{}">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="lagoa-token" content="{}">
                <title>{} · Lagoa</title>
                <link rel="icon" href="data:,">
                <link rel="stylesheet" href="/static/console.css">
                </head>
                <body>
                <a class="skip" href="#main">{}</a>
                <header>
                <nav aria-label="{}"><a class="brand" href="/">Lagoa</a><ul>{}</ul></nav>
                <form class="search" role="search" action="/search" method="get">
                <label for="q" class="visually-hidden">{}</label>
                <input id="q" name="q" type="search" placeholder="{}" value="{}">
                <button type="submit">{}</button>
                </form>
                </header>
                <main id="main" tabindex="-1">
                {}
                </main>
                {}
                </body>
                </html>
                """, messages.languageTag(), Guard.token(ctx), title, messages.get("nav.skip"), messages.get("nav.label"), navigation,
                messages.get("search.label"), messages.get("search.placeholder"), path.equals("/search") ? ctx.queryParam("q") : "",
                messages.get("search.button"), body, scriptTags);
        ctx.contentType("text/html; charset=utf-8");
        ctx.header("Cache-Control", "no-store");
        ctx.result(page.toString());
    }

    /** A hidden field with the session's token, for a form that posts. */
    static Html tokenField(Context ctx) {
        return Html.of("<input type=\"hidden\" name=\"{}\" value=\"{}\">", Guard.TOKEN_FIELD, Guard.token(ctx));
    }

    private static boolean current(String path, String link) {
        return link.equals("/") ? path.equals("/") : path.startsWith(link);
    }
}
