package dev.lagoa.functions;

import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.pipeline.QuotesPipeline;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The petr4 pipeline's function: a new daily bar {@code raw/dataset=petr4/ticker=T/year=Y/month=M/day=D/data.parquet}
 * starts the quotes refine job for the ticker. The job refines every day whose raw object is newer than its refined
 * partition, so a run covers every object of its ticker written before it started: a backfill of 21 days starts one
 * run, not 21.
 */
public final class QuotesRefineTrigger extends RefineTrigger {
    private static final Pattern RAW_DAY = Pattern.compile(
            "raw/dataset=" + QuotesPipeline.DATASET + "/ticker=([a-z0-9]{4,6})/year=(\\d{4})/month=(\\d{2})/day=(\\d{2})/data\\.parquet");

    /** On AWS Lambda: Glue from the function's environment. */
    public QuotesRefineTrigger() {
        this(AwsFunctionEnvironment.fromSystem().jobLauncher());
    }

    public QuotesRefineTrigger(JobLauncher launcher) {
        super(launcher);
    }

    @Override
    protected String jobName() {
        return QuotesPipeline.REFINE_JOB;
    }

    @Override
    protected Optional<Map<String, String>> arguments(BucketName bucket, ObjectKey key) {
        Matcher matcher = RAW_DAY.matcher(key.value());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        LocalDate date;
        try {
            date = LocalDate.of(Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)), Integer.parseInt(matcher.group(4)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        String ticker = matcher.group(1);
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("--source", "s3://%s/raw/dataset=%s/ticker=%s/".formatted(bucket, QuotesPipeline.DATASET, ticker));
        arguments.put("--ticker", ticker);
        arguments.put("--date", date.toString());
        arguments.put("--target", "s3://" + bucket + "/refined/");
        arguments.put("--commits", "s3://" + bucket + "/catalog-commits/");
        return Optional.of(arguments);
    }

    @Override
    protected List<String> identity() {
        return List.of("--source", "--ticker");
    }
}
