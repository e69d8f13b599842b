package dev.lagoa.functions;

import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.pipeline.IbovPipeline;
import dev.lagoa.core.pipeline.LocationTemplate;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ibov pipeline's function: a new {@code ibov-bronze} object ({@code raw/YYYY-MM-DD/dados_originais.parquet}) starts the IBOV refine job for that day
 * ({@code --source} the object, {@code --date} the day from the key).
 */
public final class IbovRefineTrigger extends RefineTrigger {
    private static final String BRONZE = IbovPipeline.DEFINITION.dataset("ibov-bronze").location();

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
        Optional<String> date = LocationTemplate.match(BRONZE, key.value(), Map.of("date", "\\d{4}-\\d{2}-\\d{2}")).map(values -> values.get("date"));
        if (date.isEmpty()) {
            return Optional.empty();
        }
        try {
            LocalDate.parse(date.get());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("--source", "s3://" + bucket + "/" + key);
        arguments.put("--date", date.get());
        arguments.put("--target", refinedRoot(IbovPipeline.DEFINITION, "ibov-ativos", bucket));
        arguments.put("--commits", location(IbovPipeline.DEFINITION, "ibov-commits", bucket));
        return Optional.of(arguments);
    }

    @Override
    protected List<String> identity() {
        return List.of("--source", "--date");
    }
}
