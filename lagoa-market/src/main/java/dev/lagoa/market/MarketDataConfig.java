package dev.lagoa.market;

import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.ConfigType;
import dev.lagoa.core.config.Configuration;
import dev.lagoa.core.config.Validators;
import java.util.List;
import java.util.Locale;

/**
 * What the ibov and petr4 ingests collect when a run does not say: the index and the ticker, and how much history the
 * daily BRAPI run asks for. How the B3 and BRAPI APIs are reached ({@code b3.base-url}, {@code brapi.token}, timeouts,
 * retries) is the market clients' configuration.
 */
public record MarketDataConfig(String b3Index, String brapiTicker, String brapiRange) {
    public static final ConfigField B3_INDEX = ConfigField.create("b3.index", ConfigType.STRING, "IBOV",
                    "Index whose portfolio lagoa ingest b3 collects by default (IBOV, IBXX, SMLL, IDIV, ...).")
            .withValidator(value -> value.matches("[A-Za-z0-9]{2,12}") ? null : "an index code of 2 to 12 letters and digits");
    public static final ConfigField BRAPI_TICKER = ConfigField.create("brapi.ticker", ConfigType.STRING, "PETR4",
                    "Ticker the petr4 pipeline collects by default.")
            .withValidator(value -> value.matches("[A-Za-z0-9]{4,6}") ? null : "a B3 ticker of 4 to 6 letters and digits");
    public static final ConfigField BRAPI_RANGE = ConfigField.create("brapi.range", ConfigType.STRING, "5d",
                    "History each collection asks BRAPI for (1d, 5d, 1mo, 3mo, 6mo, 1y, ...): the daily run overlaps a few days, "
                            + "so a day missed is filled in by the next run, and unchanged days are not landed again.")
            .withValidator(Validators.oneOf("1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"));

    public static List<ConfigField> fields() {
        return List.of(B3_INDEX, BRAPI_TICKER, BRAPI_RANGE);
    }

    public static MarketDataConfig from(Configuration configuration) {
        return new MarketDataConfig(configuration.require(B3_INDEX).toUpperCase(Locale.ROOT), configuration.require(BRAPI_TICKER).toUpperCase(Locale.ROOT),
                configuration.require(BRAPI_RANGE));
    }
}
