package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.job.JobRunRequest;
import dev.lagoa.core.job.JobRunState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunError;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunResponse;
import software.amazon.awssdk.services.glue.model.GetJobRunsResponse;
import software.amazon.awssdk.services.glue.model.ListJobsResponse;
import software.amazon.awssdk.services.glue.model.StartJobRunRequest;

/**
 * Runs the Spark jobs on AWS Glue: {@code StartJobRun}, {@code GetJobRun}, {@code GetJobRuns}, {@code ListJobs}
 * and {@code BatchStopJobRun}. The Glue job of the pipeline model's job {@code lagoa-diff} is named
 * {@code <prefix>lagoa-diff}; runs are reported under the model's name.
 *
 * <p>Glue addresses a run by job name and run id, the port by run id alone: the launcher remembers the job of each
 * run it started or listed, and otherwise looks for the run among the jobs with its prefix.
 *
 * <p>States map as follows: {@code STARTING} and {@code WAITING} (queued for capacity) are STARTING;
 * {@code RUNNING} and {@code STOPPING} are RUNNING; {@code ERROR} is FAILED; {@code EXPIRED} (queued past its
 * time to live) is TIMEOUT; the others keep their names.
 */
public final class GlueJobLauncher implements JobLauncher {
    /** Where Glue writes the driver's output when the job sets no log group of its own. */
    static final String DEFAULT_LOG_GROUP = "/aws-glue/jobs";
    private static final Logger LOG = LoggerFactory.getLogger(GlueJobLauncher.class);
    private static final int MAX_RUNS_PER_PAGE = 200;
    private static final int REMEMBERED_RUNS = 4096;

    private final GlueClient client;
    private final boolean ownsClient;
    private final String jobPrefix;
    private final Duration pollInterval;
    /** Glue job name of the runs seen lately, by run id. */
    private final Map<String, String> jobOfRun = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_RUNS;
        }
    };

    /** A launcher over {@code client}, which the caller keeps and closes, with the job prefix and poll interval of {@code config}. */
    public GlueJobLauncher(GlueClient client, AwsConfig config) {
        this(client, false, config.glueJobPrefix(), config.gluePollInterval());
    }

    private GlueJobLauncher(GlueClient client, boolean ownsClient, String jobPrefix, Duration pollInterval) {
        this.client = requireNonNull(client, "client is null");
        this.ownsClient = ownsClient;
        this.jobPrefix = requireNonNull(jobPrefix, "jobPrefix is null");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
    }

    /** A launcher with its own Glue client, built from {@code config} and closed with the launcher. */
    public static GlueJobLauncher create(AwsConfig config) {
        requireNonNull(config, "config is null");
        return new GlueJobLauncher(config.glueClient(), true, config.glueJobPrefix(), config.gluePollInterval());
    }

    @Override
    public JobRun start(JobRunRequest request) {
        return start(request, GlueRunOptions.NONE);
    }

    /** Starts a run with a timeout or capacity of its own instead of the job's. */
    public JobRun start(JobRunRequest request, GlueRunOptions options) {
        requireNonNull(request, "request is null");
        requireNonNull(options, "options is null");
        String glueName = glueName(request.jobName());
        StartJobRunRequest.Builder start = StartJobRunRequest.builder()
                .jobName(glueName)
                .arguments(request.arguments());
        options.timeoutMinutes().ifPresent(start::timeout);
        options.maxCapacity().ifPresent(start::maxCapacity);
        String runId;
        try {
            runId = client.startJobRun(start.build()).jobRunId();
        } catch (SdkException e) {
            throw AwsErrors.glue("start", "a run of Glue job " + glueName, ErrorCode.JOB_NOT_FOUND, e);
        }
        if (runId == null || runId.isEmpty()) {
            throw new LagoaException(ErrorCode.AWS_ERROR, "Cannot start a run of Glue job %s: Glue returned no run id".formatted(glueName));
        }
        JobRunId id = JobRunId.of(runId);
        remember(runId, glueName);
        LOG.info("Started Glue job run {} of {} with {}", id, glueName, request.arguments().keySet());
        try {
            return get(request.jobName(), id);
        } catch (LagoaException e) {
            // The run has started: that it cannot be read back yet is no reason to report a failure.
            LOG.debug("Cannot read back the new run {} of {} yet: {}", id, glueName, e.getMessage());
            return new JobRun(id, request.jobName(), 0, Optional.empty(), request.arguments(), JobRunState.STARTING, Instant.now(),
                    Optional.empty(), Optional.empty(), Optional.of(logLocation(null, runId)));
        }
    }

    @Override
    public JobRun get(JobRunId id) {
        requireNonNull(id, "id is null");
        String known = knownJob(id.value());
        if (known != null) {
            return get(lagoaName(known), id);
        }
        for (String glueName : lagoaJobs()) {
            try {
                return fetch(glueName, id);
            } catch (LagoaException e) {
                if (e.errorCode() != ErrorCode.JOB_RUN_NOT_FOUND) {
                    throw e;
                }
            }
        }
        throw new LagoaException(ErrorCode.JOB_RUN_NOT_FOUND, "Job run %s not found in the Glue jobs%s".formatted(id,
                jobPrefix.isEmpty() ? "" : " named " + jobPrefix + "*"));
    }

    /** The run {@code id} of the job {@code jobName} (a name of the pipeline model): one request, no search. */
    public JobRun get(String jobName, JobRunId id) {
        requireNonNull(jobName, "jobName is null");
        requireNonNull(id, "id is null");
        return fetch(glueName(jobName), id);
    }

    private JobRun fetch(String glueName, JobRunId id) {
        software.amazon.awssdk.services.glue.model.JobRun run;
        try {
            run = client.getJobRun(request -> request.jobName(glueName).runId(id.value())).jobRun();
        } catch (SdkException e) {
            throw AwsErrors.glue("read", "job run %s of Glue job %s".formatted(id, glueName), ErrorCode.JOB_RUN_NOT_FOUND, e);
        }
        if (run == null) {
            throw new LagoaException(ErrorCode.JOB_RUN_NOT_FOUND, "Job run %s of Glue job %s not found".formatted(id, glueName));
        }
        remember(id.value(), glueName);
        return toJobRun(run, glueName);
    }

    @Override
    public List<JobRun> runs(Optional<String> jobName, int limit) {
        requireNonNull(jobName, "jobName is null");
        if (limit < 1) {
            throw LagoaException.userError("limit must be at least 1, not %d", limit);
        }
        if (jobName.isPresent()) {
            return runsOf(glueName(jobName.get()), limit);
        }
        List<JobRun> all = new ArrayList<>();
        for (String glueName : lagoaJobs()) {
            all.addAll(runsOf(glueName, limit));
        }
        all.sort(Comparator.comparing(JobRun::startedOn).reversed());
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    /** Glue lists the runs of a job newest first, page after page. */
    private List<JobRun> runsOf(String glueName, int limit) {
        List<JobRun> runs = new ArrayList<>();
        String token = null;
        do {
            int pageSize = Math.min(MAX_RUNS_PER_PAGE, limit - runs.size());
            String pageToken = token;
            GetJobRunsResponse page;
            try {
                page = client.getJobRuns(request -> request.jobName(glueName).maxResults(pageSize).nextToken(pageToken));
            } catch (SdkException e) {
                throw AwsErrors.glue("list the runs of", "Glue job " + glueName, ErrorCode.JOB_NOT_FOUND, e);
            }
            for (var run : page.jobRuns()) {
                if (runs.size() < limit) {
                    remember(run.id(), glueName);
                    runs.add(toJobRun(run, glueName));
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty() && runs.size() < limit);
        return runs;
    }

    /** The Glue jobs of Lagoa: every job whose name starts with the prefix. */
    private List<String> lagoaJobs() {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            String pageToken = token;
            ListJobsResponse page;
            try {
                page = client.listJobs(request -> request.nextToken(pageToken));
            } catch (SdkException e) {
                throw AwsErrors.glue("list", "the Glue jobs", ErrorCode.JOB_NOT_FOUND, e);
            }
            page.jobNames().stream().filter(name -> name.startsWith(jobPrefix)).forEach(names::add);
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return names;
    }

    @Override
    public void stop(JobRunId id) {
        JobRun run = get(id);
        if (run.state().isTerminal()) {
            LOG.debug("Job run {} of {} is already {}", id, run.jobName(), run.state());
            return;
        }
        String glueName = glueName(run.jobName());
        BatchStopJobRunResponse response;
        try {
            response = client.batchStopJobRun(request -> request.jobName(glueName).jobRunIds(id.value()));
        } catch (SdkException e) {
            throw AwsErrors.glue("stop", "job run %s of Glue job %s".formatted(id, glueName), ErrorCode.JOB_RUN_NOT_FOUND, e);
        }
        if (!response.errors().isEmpty()) {
            // Glue refuses to stop a run that finished in the meantime: that is fine.
            if (get(run.jobName(), id).state().isTerminal()) {
                return;
            }
            BatchStopJobRunError error = response.errors().get(0);
            String code = error.errorDetail() == null ? "" : error.errorDetail().errorCode();
            String message = error.errorDetail() == null ? "unknown error" : error.errorDetail().errorMessage();
            throw new LagoaException("EntityNotFoundException".equals(code) ? ErrorCode.JOB_RUN_NOT_FOUND : ErrorCode.AWS_ERROR,
                    "Cannot stop job run %s of Glue job %s: %s (Glue %s)".formatted(id, glueName, message, code));
        }
        LOG.info("Asked Glue to stop job run {} of {}", id, glueName);
    }

    /** Waits for the run, reading its state every {@code aws.glue.poll-interval}. */
    public JobRun awaitCompletion(JobRunId id, Duration maxWait) {
        return awaitCompletion(id, maxWait, pollInterval);
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "GlueJobLauncher[jobPrefix=" + jobPrefix + ", pollInterval=" + pollInterval + "]";
    }

    String glueName(String jobName) {
        return jobPrefix + jobName;
    }

    String lagoaName(String glueName) {
        return glueName.startsWith(jobPrefix) ? glueName.substring(jobPrefix.length()) : glueName;
    }

    private synchronized void remember(String runId, String glueName) {
        if (runId != null) {
            jobOfRun.put(runId, glueName);
        }
    }

    private synchronized String knownJob(String runId) {
        return jobOfRun.get(runId);
    }

    private JobRun toJobRun(software.amazon.awssdk.services.glue.model.JobRun run, String glueName) {
        JobRunState state = state(run);
        Optional<String> errorMessage = Optional.ofNullable(run.errorMessage()).filter(message -> !message.isBlank());
        if (errorMessage.isEmpty() && run.jobRunState() == software.amazon.awssdk.services.glue.model.JobRunState.EXPIRED) {
            errorMessage = Optional.of("The run waited for capacity longer than its time to live (Glue state EXPIRED)");
        }
        Instant startedOn = run.startedOn() != null ? run.startedOn() : run.lastModifiedOn() != null ? run.lastModifiedOn() : Instant.now();
        return new JobRun(
                JobRunId.of(run.id()),
                lagoaName(run.jobName() == null ? glueName : run.jobName()),
                run.attempt() == null ? 0 : run.attempt(),
                Optional.ofNullable(run.previousRunId()).filter(previous -> !previous.isEmpty()).map(JobRunId::of),
                run.arguments(),
                state,
                startedOn,
                Optional.ofNullable(run.completedOn()),
                errorMessage,
                Optional.of(logLocation(run.logGroupName(), run.id())));
    }

    /** The Glue state as a core state. */
    static JobRunState state(software.amazon.awssdk.services.glue.model.JobRun run) {
        var glueState = run.jobRunState();
        if (glueState == null) {
            return JobRunState.STARTING;
        }
        return switch (glueState) {
            case STARTING, WAITING -> JobRunState.STARTING;
            case RUNNING, STOPPING -> JobRunState.RUNNING;
            case STOPPED -> JobRunState.STOPPED;
            case SUCCEEDED -> JobRunState.SUCCEEDED;
            case FAILED, ERROR -> JobRunState.FAILED;
            case TIMEOUT, EXPIRED -> JobRunState.TIMEOUT;
            case UNKNOWN_TO_SDK_VERSION -> {
                LOG.warn("Job run {} of {} is in a state this SDK does not know ({}): taken as RUNNING", run.id(), run.jobName(),
                        run.jobRunStateAsString());
                yield JobRunState.RUNNING;
            }
        };
    }

    /**
     * Where the driver's output of a run is: the CloudWatch log group ({@code /aws-glue/jobs/output} unless the
     * job sets its own) followed by the log stream, which Glue names after the run id.
     */
    static String logLocation(String logGroupName, String runId) {
        String group = logGroupName == null || logGroupName.isBlank() ? DEFAULT_LOG_GROUP : logGroupName;
        return group + "/output/" + runId;
    }
}
