package dev.lagoa.core.config;

import java.util.List;

/**
 * Where {@code lagoa serve} exposes the control plane's metrics (the API load's counters) for Prometheus to scrape: on
 * 127.0.0.1, on a free port chosen at each start unless one is configured (serve prints it and records it in the
 * workspace's {@code serve.lock}).
 */
public record MetricsConfig(boolean enabled, int port) {
    public static final ConfigField ENABLED = ConfigField.create("serve.metrics.enabled", ConfigType.BOOLEAN, "true",
            "Whether lagoa serve runs the Prometheus scrape endpoint (serve.metrics.port).");
    public static final ConfigField PORT = ConfigField.create("serve.metrics.port", ConfigType.INT, "0",
                    "Port of the Prometheus scrape endpoint that lagoa serve runs on 127.0.0.1 (http://127.0.0.1:<port>/metrics). "
                            + "0: a free port chosen at each start, printed by lagoa serve and recorded in the workspace's serve.lock; "
                            + "set one for a Prometheus to scrape.")
            .withValidator(Validators.portOrFree());

    public static List<ConfigField> fields() {
        return List.of(ENABLED, PORT);
    }

    public static MetricsConfig from(Configuration configuration) {
        return new MetricsConfig(configuration.getBoolean(ENABLED), configuration.getInt(PORT));
    }

    public boolean isEnabled() {
        return enabled;
    }
}
