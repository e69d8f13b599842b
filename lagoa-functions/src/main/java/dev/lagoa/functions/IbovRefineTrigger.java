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
 * ({@code --source} the object, {@code --date} the day from the key, {@code --index IBOV}, {@code --target} the
 * {@code refined/} folder); an {@code indices-bronze} object of another index
 * ({@code raw/indice=SMLL/YYYY-MM-DD/dados_originais.parquet}) starts it with that {@code --index} and the other indexes'
 * {@code refined/indices/} folder.
 */
public final class IbovRefineTrigger extends RefineTrigger {
    private static final String BRONZE = IbovPipeline.DEFINITION.dataset("ibov-bronze").location();
    private static final String INDICES_BRONZE = IbovPipeline.DEFINITION.dataset("indices-bronze").location();

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
        Map<String, String> patterns = Map.of("date", "\\d{4}-\\d{2}-\\d{2}", "index", "[A-Z0-9]{2,12}");
        Optional<Map<String, String>> ibov = LocationTemplate.match(BRONZE, key.value(), patterns);
        Optional<Map<String, String>> other = LocationTemplate.match(INDICES_BRONZE, key.value(), patterns)
                .filter(values -> !values.get("index").equals(IbovPipeline.IBOV)); // IBOV's place is raw/YYYY-MM-DD/
        if (ibov.isEmpty() && other.isEmpty()) {
            return Optional.empty();
        }
        String date = ibov.orElseGet(other::get).get("date");
        try {
            LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("--source", "s3://" + bucket + "/" + key);
        arguments.put("--date", date);
        arguments.put("--index", ibov.isPresent() ? IbovPipeline.IBOV : other.get().get("index"));
        arguments.put("--target", refinedRoot(IbovPipeline.DEFINITION, ibov.isPresent() ? "ibov-ativos" : "indices-ativos", bucket));
        arguments.put("--commits", location(IbovPipeline.DEFINITION, "ibov-commits", bucket));
        return Optional.of(arguments);
    }

    @Override
    protected List<String> identity() {
        return List.of("--source", "--date", "--index");
    }
}
