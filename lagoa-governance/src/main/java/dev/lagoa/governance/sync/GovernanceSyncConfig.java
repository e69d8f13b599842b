package dev.lagoa.governance.sync;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.ConfigType;
import dev.lagoa.core.config.Configuration;
import dev.lagoa.core.config.Validators;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the governance sync sends the catalog and the lineage: the prefix of the Glue databases (one per pipeline),
 * and the lineage target with its settings. The HTTP endpoint's API key is a secret: its field is a
 * {@link ConfigType#PASSWORD} and {@link #toString()} masks it.
 */
public record GovernanceSyncConfig(String databasePrefix, LineageTarget lineageTarget, Optional<String> dataZoneDomain, Optional<URI> httpUrl,
        Optional<String> httpApiKey) {
    /** Where {@code lagoa lineage push} sends the OpenLineage events. */
    public enum LineageTarget {
        /** Nowhere: the events stay in the workspace. */
        NONE,
        /** An Amazon DataZone domain ({@code PostLineageEvent}). */
        DATAZONE,
        /** An OpenLineage HTTP endpoint, such as Marquez ({@code POST /api/v1/lineage}). */
        HTTP;

        /** {@code none}, {@code datazone} or {@code http}, in any case. */
        public static LineageTarget parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw LagoaException.userError("Unknown lineage target '%s': none, datazone or http", value);
            }
        }
    }

    public static final ConfigField DATABASE_PREFIX = ConfigField.create("governance.sync.database-prefix", ConfigType.STRING, "lagoa_",
                    "Prefix of the Glue databases that lagoa catalog sync --to aws writes: the tables of pipeline importau go to "
                            + "<prefix>importau; tables no pipeline declares go to lake.catalog-database.")
            .withValidator(value -> value.matches("[a-z_][a-z0-9_]{0,63}") ? null
                    : "lower-case letters, digits and '_', starting with a letter or '_', at most 64 (Glue database names)");
    public static final ConfigField LINEAGE_TARGET = ConfigField.create("governance.lineage.target", ConfigType.STRING, "none",
                    "Where lagoa lineage push sends the OpenLineage events of lineage/events/: none, datazone (Amazon DataZone) or http "
                            + "(an OpenLineage endpoint such as Marquez).")
            .withValidator(value -> Validators.oneOf("none", "datazone", "http").apply(value.trim().toLowerCase(Locale.ROOT)));
    public static final ConfigField DATAZONE_DOMAIN = ConfigField.create("governance.lineage.datazone-domain", ConfigType.STRING, null,
            "Identifier of the Amazon DataZone domain that receives the lineage (dzd_...), for governance.lineage.target=datazone.");
    public static final ConfigField HTTP_URL = ConfigField.create("governance.lineage.http-url", ConfigType.STRING, null,
                    "Root URL of the OpenLineage HTTP endpoint (http://marquez:5000); events are posted to <url>/api/v1/lineage.")
            .withValidator(GovernanceSyncConfig::urlProblem);
    public static final ConfigField HTTP_API_KEY = ConfigField.create("governance.lineage.http-api-key", ConfigType.PASSWORD, null,
            "API key of the OpenLineage HTTP endpoint, sent as Authorization: Bearer <key>; empty for none. Never shown.");

    public GovernanceSyncConfig {
        requireNonNull(databasePrefix, "databasePrefix is null");
        requireNonNull(lineageTarget, "lineageTarget is null");
        requireNonNull(dataZoneDomain, "dataZoneDomain is null");
        requireNonNull(httpUrl, "httpUrl is null");
        requireNonNull(httpApiKey, "httpApiKey is null");
    }

    public static List<ConfigField> fields() {
        return List.of(DATABASE_PREFIX, LINEAGE_TARGET, DATAZONE_DOMAIN, HTTP_URL, HTTP_API_KEY);
    }

    public static GovernanceSyncConfig from(Configuration configuration) {
        return new GovernanceSyncConfig(configuration.require(DATABASE_PREFIX).trim(), LineageTarget.parse(configuration.require(LINEAGE_TARGET)),
                Optional.ofNullable(configuration.get(DATAZONE_DOMAIN)).map(String::trim).filter(value -> !value.isEmpty()),
                Optional.ofNullable(configuration.get(HTTP_URL)).map(String::trim).filter(value -> !value.isEmpty()).map(URI::create),
                Optional.ofNullable(configuration.get(HTTP_API_KEY)).filter(value -> !value.isEmpty()));
    }

    /** The DataZone domain; {@code INVALID_CONFIGURATION} naming the key when it is not set. */
    public String requireDataZoneDomain() {
        return dataZoneDomain.orElseThrow(() -> new LagoaException(ErrorCode.INVALID_CONFIGURATION,
                "Lineage to DataZone needs %s (the domain's id, dzd_...)".formatted(DATAZONE_DOMAIN.name())));
    }

    /** The OpenLineage endpoint; {@code INVALID_CONFIGURATION} naming the key when it is not set. */
    public URI requireHttpUrl() {
        return httpUrl.orElseThrow(() -> new LagoaException(ErrorCode.INVALID_CONFIGURATION,
                "Lineage over HTTP needs %s (the endpoint's root URL, such as http://marquez:5000)".formatted(HTTP_URL.name())));
    }

    /** Never shows the API key. */
    @Override
    public String toString() {
        return "GovernanceSyncConfig[databasePrefix=%s, lineageTarget=%s, dataZoneDomain=%s, httpUrl=%s, httpApiKey=%s]".formatted(databasePrefix,
                lineageTarget, dataZoneDomain.orElse(""), httpUrl.map(URI::toString).orElse(""), httpApiKey.isPresent() ? "******" : "");
    }

    static String urlProblem(String value) {
        try {
            URI uri = new URI(value.trim());
            if (uri.getScheme() != null && (uri.getScheme().equals("http") || uri.getScheme().equals("https")) && uri.getHost() != null) {
                return null;
            }
        } catch (URISyntaxException e) {
            // the message below says what is expected
        }
        return "'" + value + "' is not an http(s) URL (example: http://marquez:5000)";
    }
}
