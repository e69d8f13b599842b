package dev.lagoa.core.pipeline;

import dev.lagoa.contracts.JobEntryPoint;
import dev.lagoa.contracts.JobNames;
import dev.lagoa.contracts.TaskEntryPoint;
import dev.lagoa.core.event.Notification;
import dev.lagoa.core.job.JobDefinition;
import dev.lagoa.core.queue.QueueDefinition;
import dev.lagoa.core.queue.QueueName;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code diff} pipeline: yesterday's and today's JSON snapshots compared by a unique key; one change record per
 * changed key under {@code <diffs-bucket>/YYYY-MM-DD/}; every new change file notifies a queue; at 02:00 the day's
 * changes go to a Kafka topic.
 */
public final class DiffPipeline {
    public static final String NAME = "diff";
    public static final String JOB_NAME = JobNames.DIFF;
    public static final String OWNER = "data-platform";
    public static final QueueName EVENTS_QUEUE = QueueName.of("lagoa-diff-events");

    public static final PipelineDefinition DEFINITION = new PipelineDefinition(
            NAME,
            "Compares yesterday's and today's JSON snapshots by a unique key and writes the inserted, updated and "
                    + "deleted records as change records (Debezium envelope) for SQS and Kafka consumers.",
            OWNER,
            Set.of("cdc", "snapshot-diff"),
            List.of(
                    new DatasetDefinition("snapshot-yesterday", Layer.RAW, "{yesterday}", DataFormat.JSON_LINES, List.of(),
                            "Yesterday's export: JSON Lines or JSON arrays, optionally gzip-compressed.", OWNER, Set.of("snapshot")),
                    new DatasetDefinition("snapshot-today", Layer.RAW, "{today}", DataFormat.JSON_LINES, List.of(),
                            "Today's export: JSON Lines or JSON arrays, optionally gzip-compressed.", OWNER, Set.of("snapshot")),
                    new DatasetDefinition("diffs", Layer.CHANGES, "s3://{diffs-bucket}/{date}/", DataFormat.JSON_LINES, List.of("date"),
                            "One change record per changed key: op c/u/d, key, before, after, changed_fields, date, source; "
                                    + "a _manifest.json with the counts.", OWNER, Set.of("cdc")),
                    new DatasetDefinition("diff-rejects", Layer.QUARANTINE, "s3://{diffs-bucket}/_rejects/{date}/", DataFormat.JSON_LINES,
                            List.of("date"), "Input records the diff could not use, with file, line, offset and reason.", OWNER,
                            Set.of("rejects")),
                    new DatasetDefinition("diff-failed-runs", Layer.QUARANTINE, "s3://{diffs-bucket}/_failed/{date}/{run-id}/",
                            DataFormat.JSON_LINES, List.of("date", "run-id"),
                            "Rejects and FAILED manifest of a run that exceeded its reject threshold; the published day is untouched. "
                                    + "Kept until a person removes them.", OWNER, Set.of("rejects")),
                    new DatasetDefinition("diff-topic", Layer.CHANGES, "kafka://{kafka-topic}", DataFormat.JSON, List.of(),
                            "The day's change records on Kafka: key = the record's key, value = the change record, headers op, date, "
                                    + "source_file; each day published exactly once (transactions; consumers read_committed).", OWNER,
                            Set.of("cdc", "kafka"))),
            List.of(
                    new Trigger.Schedule("diff", "0 1 * * ? *", ZoneId.of("America/Sao_Paulo"),
                            "Every day at 01:00 São Paulo time, before the 02:00 publisher."),
                    new Trigger.Manual("diff"),
                    new Trigger.Schedule("publish", "0 2 * * ? *", ZoneId.of("America/Sao_Paulo"),
                            "Every day at 02:00 São Paulo time: the day's change files to Kafka."),
                    new Trigger.Manual("publish")),
            List.of(new Step.SparkJob(
                    "diff",
                    "Spark job: parse both snapshots, key every record, co-group by key, emit change records and rejects.",
                    new JobDefinition(JOB_NAME, JobEntryPoint.DIFF, Map.of(), Duration.ofHours(1), 0, 1),
                    List.of("snapshot-yesterday", "snapshot-today"),
                    List.of("diffs", "diff-rejects", "diff-failed-runs")),
                    new Step.Task("publish",
                            "ECS task: publishes every change file of the day to the Kafka topic, one transaction per file.",
                            TaskEntryPoint.DIFF_PUBLISHER, List.of(), List.of("diffs"), List.of("diff-topic"))),
            List.of(new QueueDefinition(DiffPipeline.EVENTS_QUEUE,
                    "One S3 event notification per new change file of the diff (s3://<diffs-bucket>/YYYY-MM-DD/*.json).",
                    Duration.ofSeconds(60), Duration.ofDays(4), 5)),
            List.of(new Notification("diff-files", "diffs", ".json", new Notification.Target.Queue(DiffPipeline.EVENTS_QUEUE))));

    private DiffPipeline() {}
}
