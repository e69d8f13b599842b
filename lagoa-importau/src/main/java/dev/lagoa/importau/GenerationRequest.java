package dev.lagoa.importau;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Bronze generator is asked for. The same request always yields the same data.
 *
 * @param seed the seed of every random choice
 * @param scale the scale factor: 1.0 is 20,000 orders and about 100,000 order items; 10 about 1,000,000
 * @param start the first order date
 * @param end the last order date; the data's cut-off date is 180 days later, when every order is delivered
 * @param defectRate the fraction of planted defects, between 0 and 0.5 (see {@link BronzeGenerator})
 * @param csv whether to also write CSV copies under {@code csv_exports/}
 */
public record GenerationRequest(long seed, double scale, LocalDate start, LocalDate end, double defectRate, boolean csv) {
    public static final int CUTOFF_DAYS = 180;

    public GenerationRequest {
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        List<String> problems = new ArrayList<>();
        if (!(scale > 0) || scale > 100) {
            problems.add("escala must be above 0 and at most 100, not " + scale);
        }
        if (end.isBefore(start)) {
            problems.add("data_fim " + end + " is before data_inicio " + start);
        } else if (start.plusYears(5).isBefore(end)) {
            problems.add("the period " + start + " to " + end + " is longer than 5 years");
        }
        if (!(defectRate >= 0) || defectRate > 0.5) {
            problems.add("taxa_defeitos must be between 0 and 0.5, not " + defectRate);
        }
        if (!problems.isEmpty()) {
            throw LagoaException.userError("Invalid Bronze generation request: %s", String.join("; ", problems));
        }
    }

    /**
     * A request from task parameters (strings) overridden by an execution's input: {@code semente}, {@code escala},
     * {@code data_inicio}, {@code data_fim}, {@code taxa_defeitos}, {@code csv}.
     */
    public static GenerationRequest from(Map<String, String> parameters, Map<String, Object> input) {
        Map<String, String> values = new LinkedHashMap<>(parameters);
        for (String key : List.of("semente", "escala", "data_inicio", "data_fim", "taxa_defeitos", "csv")) {
            Object value = input.get(key);
            if (value != null) {
                values.put(key, value.toString());
            }
        }
        try {
            return new GenerationRequest(Long.parseLong(values.getOrDefault("semente", "42")), Double.parseDouble(values.getOrDefault("escala", "0.01")),
                    LocalDate.parse(values.getOrDefault("data_inicio", "2024-01-01")), LocalDate.parse(values.getOrDefault("data_fim", "2024-12-31")),
                    Double.parseDouble(values.getOrDefault("taxa_defeitos", "0.002")), Boolean.parseBoolean(values.getOrDefault("csv", "false")));
        } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
            throw LagoaException.userError("Invalid Bronze generation parameter: %s", e.getMessage());
        }
    }

    /** The data's cut-off date: every status (delivered, paid) is as of this day. */
    public LocalDate cutoff() {
        return end.plusDays(CUTOFF_DAYS);
    }

    /** The request as the generation manifest records it. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("semente", seed);
        map.put("escala", scale);
        map.put("data_inicio", start.toString());
        map.put("data_fim", end.toString());
        map.put("taxa_defeitos", defectRate);
        map.put("csv", csv);
        return map;
    }
}
