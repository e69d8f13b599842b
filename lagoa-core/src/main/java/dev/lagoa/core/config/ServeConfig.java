package dev.lagoa.core.config;

import java.time.Duration;
import java.util.List;

/** How {@code lagoa serve} delivers object-created notifications and runs schedules. */
public record ServeConfig(Duration scanInterval, Duration settleTime, String missedRuns) {
    public static final ConfigField SCAN_INTERVAL = ConfigField.create("serve.notifications.scan-interval", ConfigType.DURATION, "2s",
            "How often the lake is scanned for created objects to notify.");
    public static final ConfigField SETTLE_TIME = ConfigField.create("serve.notifications.settle-time", ConfigType.DURATION, "1s",
            "A file modified more recently than this is still being written: it is notified on a later scan.");
    public static final ConfigField MISSED_RUNS = ConfigField.create("serve.scheduler.missed-runs", ConfigType.STRING, "run-once",
                    "Fire times missed while serve was down: run-once (the latest one runs once on start) or skip.")
            .withValidator(Validators.oneOf("run-once", "skip"));

    public static List<ConfigField> fields() {
        return List.of(SCAN_INTERVAL, SETTLE_TIME, MISSED_RUNS);
    }

    public static ServeConfig from(Configuration configuration) {
        return new ServeConfig(configuration.getDuration(SCAN_INTERVAL), configuration.getDuration(SETTLE_TIME), configuration.require(MISSED_RUNS));
    }
}
