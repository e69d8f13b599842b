package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

/** How an endpoint's pages are requested; a page without records ends every kind of pagination. */
public sealed interface Pagination {
    /** One request. */
    record None() implements Pagination {
    }

    /** {@code ?<param>=<n>&<sizeParam>=<size>}, n counting from {@code start}. */
    record PageNumber(String param, String sizeParam, int size, int start) implements Pagination {
        public PageNumber {
            requireNonNull(param, "param is null");
            requireNonNull(sizeParam, "sizeParam is null");
        }
    }

    /** {@code ?<param>=<offset>&<limitParam>=<limit>}, offset counting from 0 by the records received. */
    record Offset(String param, String limitParam, int limit) implements Pagination {
        public Offset {
            requireNonNull(param, "param is null");
            requireNonNull(limitParam, "limitParam is null");
        }
    }

    /** {@code ?<param>=<cursor>}, the next cursor read from the response at the JSON pointer {@code cursorPath}; none ends. */
    record Cursor(String param, String cursorPath) implements Pagination {
        public Cursor {
            requireNonNull(param, "param is null");
            requireNonNull(cursorPath, "cursorPath is null");
        }
    }

    /** The next page's URL from the response's {@code Link: <url>; rel="next"} header (RFC 8288, as GitHub sends it). */
    record LinkHeader() implements Pagination {
    }
}
