package dev.lagoa.core.config;

import java.util.List;

/** Where {@code lagoa serve} exposes the control plane's metrics (the API load's counters) for Prometheus to scrape. */
public record MetricsConfig(int port) {
    public static final ConfigField PORT = ConfigField.create("serve.metrics.port", ConfigType.INT, "9464",
                    "Port of the Prometheus scrape endpoint that lagoa serve runs on 127.0.0.1 (http://127.0.0.1:<port>/metrics); 0 turns it off.")
            .withValidator(value -> {
                int port = Integer.parseInt(value.trim());
                return port < 0 || port > 65535 ? "must be a TCP port between 1 and 65535, or 0 to turn the endpoint off" : null;
            });

    public static List<ConfigField> fields() {
        return List.of(PORT);
    }

    public static MetricsConfig from(Configuration configuration) {
        return new MetricsConfig(configuration.getInt(PORT));
    }

    public boolean isEnabled() {
        return port != 0;
    }
}
