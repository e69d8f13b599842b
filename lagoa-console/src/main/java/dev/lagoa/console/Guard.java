package dev.lagoa.console;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What every request passes before a page answers it. Only the console's own addresses are served ({@code Host} is
 * {@code 127.0.0.1:<port>} or {@code localhost:<port>}: a foreign name rebound to 127.0.0.1 gets 421). Each browser
 * gets a session (a {@code SameSite=Strict}, {@code HttpOnly} cookie) with its own token, which the pages carry in
 * their forms and in {@code <meta name="lagoa-token">}; a POST must send that token and the console's {@code Origin},
 * or it is refused with 403 before it reaches a handler. Responses forbid framing, sniffing and foreign scripts.
 */
final class Guard {
    static final String COOKIE = "lagoa_console";
    static final String TOKEN_FIELD = "_token";
    static final String TOKEN_HEADER = "X-Lagoa-Token";
    static final String TOKEN_ATTRIBUTE = "lagoa.token";
    private static final int MOST_SESSIONS = 1_000;
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final SecureRandom random = new SecureRandom();
    /** Session id to token, the oldest forgotten first once there are too many. */
    private final Map<String, String> sessions = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MOST_SESSIONS;
        }
    });
    private volatile int port;

    /** The port the server listens on, once it is known. */
    void port(int value) {
        this.port = value;
    }

    void before(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || !Set.of("127.0.0.1:" + port, "localhost:" + port).contains(host.toLowerCase(java.util.Locale.ROOT))) {
            throw new HttpResponseException(HttpStatus.MISDIRECTED_REQUEST.getCode(), "This console answers only at http://127.0.0.1:" + port + "/");
        }
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        String session = ctx.cookie(COOKIE);
        String token = session == null ? null : sessions.get(session);
        if (token == null) {
            session = newSecret();
            token = newSecret();
            sessions.put(session, token);
            ctx.cookie(new io.javalin.http.Cookie(COOKIE, session, "/", -1, false, true, null, SameSite.STRICT));
        }
        ctx.attribute(TOKEN_ATTRIBUTE, token);
        if (!"GET".equals(ctx.method().name()) && !"HEAD".equals(ctx.method().name())) {
            requireSameOriginAndToken(ctx, ctx.cookie(COOKIE) == null ? null : sessions.get(ctx.cookie(COOKIE)));
        }
    }

    /** The session's token, for the forms of a page. */
    static String token(Context ctx) {
        return ctx.attribute(TOKEN_ATTRIBUTE);
    }

    private void requireSameOriginAndToken(Context ctx, String expected) {
        String origin = ctx.header("Origin");
        if (origin == null || !Set.of("http://127.0.0.1:" + port, "http://localhost:" + port).contains(origin)) {
            throw new ForbiddenResponse("Refused: the request does not come from this console (Origin " + (origin == null ? "missing" : origin) + ")");
        }
        String given = ctx.header(TOKEN_HEADER);
        if (given == null && ctx.isFormUrlencoded()) {
            given = ctx.formParam(TOKEN_FIELD);
        }
        if (expected == null || given == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenResponse("Refused: the session's token is missing or wrong; reload the page and try again");
        }
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
