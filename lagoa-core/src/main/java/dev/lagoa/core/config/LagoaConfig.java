package dev.lagoa.core.config;

import java.time.ZoneId;
import java.util.List;

/** The workspace-wide settings: profile and the time zone of "today", schedules and date partitions. */
public record LagoaConfig(Profile profile, ZoneId timeZone) {
    public static final ConfigField PROFILE = ConfigField.create("lagoa.profile", ConfigType.STRING, "local",
                    "Where pipelines run: local (workspace lake, child-JVM Spark, embedded services) or aws (S3, Glue).")
            .withValidator(Validators.oneOf("local", "aws"));
    public static final ConfigField TIME_ZONE = ConfigField.create("lagoa.time-zone", ConfigType.STRING, "America/Sao_Paulo",
                    "Time zone of 'today', of schedules and of date partitions.")
            .withValidator(Validators.zoneId());

    public static List<ConfigField> fields() {
        return List.of(PROFILE, TIME_ZONE, ConsoleConfig.LOCALE);
    }

    public static LagoaConfig from(Configuration configuration) {
        return new LagoaConfig(Profile.parse(configuration.require(PROFILE)), ZoneId.of(configuration.require(TIME_ZONE)));
    }
}
