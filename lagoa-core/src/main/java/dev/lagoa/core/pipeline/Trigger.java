package dev.lagoa.core.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;

/** What starts a pipeline step: a schedule, a new object in the lake, or a person. */
public sealed interface Trigger {
    /** The step this trigger starts. */
    String stepId();

    /**
     * A schedule as EventBridge Scheduler takes it: a cron expression of six fields
     * ({@code minutes hours day-of-month month day-of-week year}) evaluated in a time zone.
     */
    record Schedule(String stepId, String cron, ZoneId zone, String description) implements Trigger {
        public dev.lagoa.core.schedule.CronExpression expression() {
            return dev.lagoa.core.schedule.CronExpression.parse(cron);
        }

        public Schedule {
            requireNonNull(stepId, "stepId is null");
            requireNonNull(cron, "cron is null");
            requireNonNull(zone, "zone is null");
            requireNonNull(description, "description is null");
            dev.lagoa.core.schedule.CronExpression.parse(cron);
        }
    }

    /** An object created in a dataset's location whose key ends with {@code suffix}. */
    record ObjectCreated(String stepId, String datasetId, String suffix) implements Trigger {
        public ObjectCreated {
            requireNonNull(stepId, "stepId is null");
            requireNonNull(datasetId, "datasetId is null");
            requireNonNull(suffix, "suffix is null");
        }
    }

    /** Run by hand, from the CLI. */
    record Manual(String stepId) implements Trigger {
        public Manual {
            requireNonNull(stepId, "stepId is null");
        }
    }
}
