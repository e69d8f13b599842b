package dev.lagoa.functions;

import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.pipeline.LocationTemplate;
import dev.lagoa.core.pipeline.QuotesPipeline;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The petr4 pipeline's function: a new daily bar {@code raw/dataset=petr4/ticker=T/year=Y/month=M/day=D/data.parquet}
 * starts the quotes refine job for the ticker. The job refines every day whose raw object is newer than its refined
 * partition, so a run covers every object of its ticker written before it started: a backfill of 21 days starts one
 * run, not 21.
 */
public final class QuotesRefineTrigger extends RefineTrigger {
    private static final String RAW = QuotesPipeline.DEFINITION.dataset("petr4-raw").location();
    private static final Map<String, String> RAW_PARTS = Map.of("ticker", "[a-z0-9]{4,6}", "year", "\\d{4}", "month", "\\d{2}", "day", "\\d{2}");

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
        Optional<Map<String, String>> parts = LocationTemplate.match(RAW, key.value(), RAW_PARTS);
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        LocalDate date;
        try {
            date = LocalDate.of(Integer.parseInt(parts.get().get("year")), Integer.parseInt(parts.get().get("month")),
                    Integer.parseInt(parts.get().get("day")));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        String ticker = parts.get().get("ticker");
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("--source", "s3://" + bucket + "/" + LocationTemplate.keyFolder(RAW, Map.of("ticker", ticker)));
        arguments.put("--ticker", ticker);
        arguments.put("--date", date.toString());
        arguments.put("--target", refinedRoot(QuotesPipeline.DEFINITION, "petr4-cotacoes", bucket));
        arguments.put("--commits", location(QuotesPipeline.DEFINITION, "petr4-commits", bucket));
        return Optional.of(arguments);
    }

    @Override
    protected List<String> identity() {
        return List.of("--source", "--ticker");
    }
}
