package dev.lagoa.market;

import dev.lagoa.core.ErrorCodeSupplier;
import dev.lagoa.core.ErrorType;

/** The failures of the market data sources (B3, BRAPI). */
public enum MarketErrorCode implements ErrorCodeSupplier {
    /** A market data source (B3, BRAPI) could not be reached, timed out, or kept failing (5xx, 429) until the attempts ran out. */
    SOURCE_UNAVAILABLE(ErrorType.EXTERNAL),
    /** A market data source answered something Lagoa cannot trust: not JSON, truncated, too large, another locale, inconsistent pages. */
    SOURCE_RESPONSE_INVALID(ErrorType.EXTERNAL),
    /** A market data source refused the request (400, 401, 402, 404): a wrong ticker or index, a missing token, a plan limit. */
    SOURCE_REQUEST_REJECTED(ErrorType.USER);

    private final ErrorType type;

    MarketErrorCode(ErrorType type) {
        this.type = type;
    }

    @Override
    public ErrorType type() {
        return type;
    }
}
