package dev.lagoa.functions;

import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.pipeline.IbovPipeline;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ibov pipeline's function: a new {@code raw/YYYY-MM-DD/*.parquet} object starts the IBOV refine job for that day
 * ({@code --source} the object, {@code --date} the day from the key).
 */
public final class IbovRefineTrigger extends RefineTrigger {
    private static final Pattern RAW_PARQUET = Pattern.compile("raw/(\\d{4}-\\d{2}-\\d{2})/[^/]+\\.parquet");

    /** On AWS Lambda: Glue from the function's environment. */
    public IbovRefineTrigger() {
        this(AwsFunctionEnvironment.fromSystem().jobLauncher());
    }

    public IbovRefineTrigger(JobLauncher launcher) {
        super(launcher);
    }

    @Override
    protected String jobName() {
        return IbovPipeline.REFINE_JOB;
    }

    @Override
    protected Optional<Map<String, String>> arguments(BucketName bucket, ObjectKey key) {
        Matcher matcher = RAW_PARQUET.matcher(key.value());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            LocalDate.parse(matcher.group(1));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("--source", "s3://" + bucket + "/" + key);
        arguments.put("--date", matcher.group(1));
        arguments.put("--target", "s3://" + bucket + "/refined/");
        arguments.put("--commits", "s3://" + bucket + "/catalog-commits/");
        return Optional.of(arguments);
    }

    @Override
    protected List<String> identity() {
        return List.of("--source", "--date");
    }
}
