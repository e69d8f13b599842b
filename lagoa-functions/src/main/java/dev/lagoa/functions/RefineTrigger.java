package dev.lagoa.functions;

import static java.util.Objects.requireNonNull;

import dev.lagoa.contracts.LakePaths;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunRequest;
import dev.lagoa.core.job.JobRunState;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.pipeline.LocationTemplate;
import dev.lagoa.core.pipeline.PipelineDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function that starts a refine job for each new object it is meant for, through the {@link JobLauncher} port (the
 * local job runner, or AWS Glue's StartJobRun). Objects it is not meant for (another suffix or layout, writers'
 * {@code _temporary} and hidden files) are ignored and said so.
 *
 * <p>At least once delivery means the same event can come twice, and a burst of objects (a backfill) means many
 * events for work one run does. So before starting, it looks at the job's recent runs: a run with the same
 * {@linkplain #identity() identifying arguments} that started at or after the object was created (the event's
 * {@code eventTime}) has read this object version, and when it succeeded or is still going, no new run starts. A run
 * that failed, timed out or was stopped covers nothing: the event, delivered again, starts a new run. A run that is
 * still going when a newer version lands does not count, so the newer version gets its own run. When the job already has its maximum of runs in flight the function fails, and the event
 * comes again later.
 */
public abstract class RefineTrigger implements RequestHandler<S3Event, String> {
    private static final Logger LOG = LoggerFactory.getLogger(RefineTrigger.class);
    private static final int RECENT_RUNS = 100;

    private final JobLauncher launcher;

    protected RefineTrigger(JobLauncher launcher) {
        this.launcher = requireNonNull(launcher, "launcher is null");
    }

    /** The Glue job this function starts. */
    protected abstract String jobName();

    /** The run's arguments for a new object, or empty when the object is not one this function is meant for. */
    protected abstract Optional<Map<String, String>> arguments(BucketName bucket, ObjectKey key);

    /** The arguments that say which work a run does: a run with the same values covers the object. */
    protected abstract List<String> identity();

    /** A dataset's folder in {@code bucket}, as its location declares it ({@code s3://lagoa-b3/catalog-commits/}). */
    protected static String location(PipelineDefinition pipeline, String dataset, BucketName bucket) {
        return "s3://" + bucket + "/" + LocationTemplate.keyFolder(pipeline.dataset(dataset).location(), Map.of());
    }

    /** The folder above a refined table's, where a refine job writes all its tables ({@code s3://lagoa-b3/refined/}). */
    protected static String refinedRoot(PipelineDefinition pipeline, String table, BucketName bucket) {
        String folder = LocationTemplate.keyFolder(pipeline.dataset(table).location(), Map.of());
        String parent = folder.substring(0, folder.lastIndexOf('/', folder.length() - 2) + 1);
        return "s3://" + bucket + "/" + parent;
    }

    /** What the function did for each record of the event, one line each. */
    @Override
    public String handleRequest(S3Event event, Context context) {
        List<String> outcomes = new ArrayList<>();
        if (event.getRecords() != null) {
            for (S3EventNotificationRecord record : event.getRecords()) {
                String outcome = handle(record);
                LOG.info("{}", outcome);
                outcomes.add(outcome);
            }
        }
        return String.join("\n", outcomes);
    }

    private String handle(S3EventNotificationRecord record) {
        String bucketName = record.getS3().getBucket().getName();
        String keyText = record.getS3().getObject().getUrlDecodedKey();
        String uri = "s3://" + bucketName + "/" + keyText;
        if (record.getEventName() == null || !record.getEventName().startsWith("ObjectCreated:")) {
            return "ignored " + uri + ": " + record.getEventName() + " is not an object-created event";
        }
        if (LakePaths.isHidden(keyText)) {
            return "ignored " + uri + ": a writer's temporary or hidden object";
        }
        Optional<Map<String, String>> arguments = arguments(BucketName.of(bucketName), ObjectKey.of(keyText));
        if (arguments.isEmpty()) {
            return "ignored " + uri + ": not an object " + jobName() + " refines";
        }
        Instant created = record.getEventTime() == null ? Instant.EPOCH : Instant.ofEpochMilli(record.getEventTime().getMillis());
        Optional<JobRun> covering = launcher.runs(Optional.of(jobName()), RECENT_RUNS).stream()
                .filter(run -> covers(run.state()))
                .filter(run -> !run.startedOn().isBefore(created))
                .filter(run -> identity().stream().allMatch(name -> arguments.get().get(name).equals(run.arguments().get(name))))
                .findFirst();
        if (covering.isPresent()) {
            return "skipped " + uri + ": run " + covering.get().id() + " of " + jobName() + " (" + covering.get().state()
                    + ") started after this object was written";
        }
        JobRun run = launcher.start(new JobRunRequest(jobName(), arguments.get()));
        return "started " + jobName() + " run " + run.id() + " for " + uri;
    }

    /**
     * Whether a run in this state stands for the work of an object it started after: one that succeeded, or one still
     * going (it read the object; its own state tells how it ends). A run that failed, timed out or was stopped refined
     * nothing, so the object gets a new run.
     */
    private static boolean covers(JobRunState state) {
        return switch (state) {
            case STARTING, RUNNING, SUCCEEDED -> true;
            case FAILED, TIMEOUT, STOPPED -> false;
        };
    }

}
