package dev.lagoa.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The market-data sources of the ibov and petr4 pipelines: the B3 index portfolio API and the BRAPI quote API. The BRAPI
 * token is a secret ({@link ConfigType#PASSWORD}): masked in every output, sent only for tickers that need one.
 */
public record MarketDataConfig(
        URI b3BaseUrl,
        String b3Index,
        URI brapiBaseUrl,
        Optional<String> brapiToken,
        String brapiTicker,
        String brapiRange,
        Duration requestTimeout,
        int maxAttempts) {
    public static final ConfigField B3_BASE_URL = ConfigField.create("b3.base-url", ConfigType.STRING, "https://sistemaswebb3-listados.b3.com.br",
                    "Base URL of the B3 index API (GetPortfolioDay); lagoa demo points it at its local replay of recorded responses.")
            .withValidator(MarketDataConfig::httpUrl);
    public static final ConfigField B3_INDEX = ConfigField.create("b3.index", ConfigType.STRING, "IBOV",
                    "Index whose portfolio lagoa ingest b3 collects by default (IBOV, IBXX, SMLL, IDIV, ...).")
            .withValidator(value -> value.matches("[A-Za-z0-9]{2,12}") ? null : "an index code of 2 to 12 letters and digits");
    public static final ConfigField BRAPI_BASE_URL = ConfigField.create("brapi.base-url", ConfigType.STRING, "https://brapi.dev",
                    "Base URL of the BRAPI quote API (/api/quote/{tickers}).")
            .withValidator(MarketDataConfig::httpUrl);
    public static final ConfigField BRAPI_TOKEN = ConfigField.create("brapi.token", ConfigType.PASSWORD, null,
            "BRAPI token, sent only for tickers that need one (PETR4, VALE3, MGLU3 and ITUB4 need none); set it through LAGOA_BRAPI_TOKEN.");
    public static final ConfigField BRAPI_TICKER = ConfigField.create("brapi.ticker", ConfigType.STRING, "PETR4",
                    "Ticker the petr4 pipeline collects by default.")
            .withValidator(value -> value.matches("[A-Za-z0-9]{4,6}") ? null : "a B3 ticker of 4 to 6 letters and digits");
    public static final ConfigField BRAPI_RANGE = ConfigField.create("brapi.range", ConfigType.STRING, "5d",
                    "History each collection asks BRAPI for (1d, 5d, 1mo, 3mo, 6mo, 1y, ...): the daily run overlaps a few days, "
                            + "so a day missed is filled in by the next run.")
            .withValidator(Validators.oneOf("1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"));
    public static final ConfigField REQUEST_TIMEOUT = ConfigField.create("market.request-timeout", ConfigType.DURATION, "30s",
            "Longest wait for one response of the B3 or BRAPI API before the attempt counts as failed.");
    public static final ConfigField MAX_ATTEMPTS = ConfigField.create("market.max-attempts", ConfigType.INT, "4",
                    "Attempts per request to the B3 or BRAPI API; 5xx, 429 and network errors are retried with exponential backoff.")
            .withValidator(Validators.atLeast(1));

    public static List<ConfigField> fields() {
        return List.of(B3_BASE_URL, B3_INDEX, BRAPI_BASE_URL, BRAPI_TOKEN, BRAPI_TICKER, BRAPI_RANGE, REQUEST_TIMEOUT, MAX_ATTEMPTS);
    }

    public static MarketDataConfig from(Configuration configuration) {
        return new MarketDataConfig(
                URI.create(configuration.require(B3_BASE_URL)),
                configuration.require(B3_INDEX).toUpperCase(Locale.ROOT),
                URI.create(configuration.require(BRAPI_BASE_URL)),
                Optional.ofNullable(configuration.get(BRAPI_TOKEN)).filter(token -> !token.isBlank()),
                configuration.require(BRAPI_TICKER).toUpperCase(Locale.ROOT),
                configuration.require(BRAPI_RANGE),
                configuration.getDuration(REQUEST_TIMEOUT),
                configuration.getInt(MAX_ATTEMPTS));
    }

    private static String httpUrl(String value) {
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null && uri.getUserInfo() == null) {
                return null;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        return "an http(s) URL without credentials, such as https://brapi.dev";
    }

    @Override
    public String toString() {
        return "MarketDataConfig[b3BaseUrl=%s, b3Index=%s, brapiBaseUrl=%s, brapiToken=%s, brapiTicker=%s, brapiRange=%s, requestTimeout=%s, maxAttempts=%d]"
                .formatted(b3BaseUrl, b3Index, brapiBaseUrl, brapiToken.isPresent() ? "****" : "<none>", brapiTicker, brapiRange,
                        requestTimeout, maxAttempts);
    }
}
