package dev.lagoa.governance.classify;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.ConfigType;
import dev.lagoa.core.config.Configuration;
import dev.lagoa.core.config.Validators;
import java.util.List;
import java.util.function.Function;

/**
 * The thresholds of the classifier.
 *
 * @param thresholdFraction the least share of a column's non-null sampled values that must pass a rule for the column
 *     to be tagged (AWS Glue's {@code thresholdFraction}), in (0, 1]
 * @param minDistinctMatches the least number of distinct values that must pass a rule: one CPF repeated a hundred times
 *     is not evidence of a CPF column
 * @param lowCardinalityDistinctValues a column with fewer distinct non-null values than this is not tagged by its
 *     values alone: it also needs its name to agree (a {@code status} column of three e-mail addresses is a list of
 *     mailboxes, not personal data)
 * @param mixedShareFraction a column whose values pass several rules (a {@code cpf_cnpj} column) is tagged with each of
 *     them when together they reach {@code thresholdFraction} and each holds at least this share, in (0, 1]
 */
public record ClassificationSettings(double thresholdFraction, int minDistinctMatches, int lowCardinalityDistinctValues, double mixedShareFraction) {
    public static final double DEFAULT_THRESHOLD_FRACTION = 0.8;
    public static final int DEFAULT_MIN_DISTINCT_MATCHES = 3;
    public static final int DEFAULT_LOW_CARDINALITY_DISTINCT_VALUES = 5;
    public static final double DEFAULT_MIXED_SHARE_FRACTION = 0.2;

    public static final ConfigField THRESHOLD_FRACTION = ConfigField.create("classification.threshold-fraction", ConfigType.STRING,
                    String.valueOf(DEFAULT_THRESHOLD_FRACTION),
                    "Least share of a column's non-null sampled values that must pass a PII rule for the column to be tagged (like Glue's "
                            + "thresholdFraction), in (0, 1].")
            .withValidator(fraction());
    public static final ConfigField MIN_DISTINCT_MATCHES = ConfigField.create("classification.min-distinct-matches", ConfigType.INT,
                    String.valueOf(DEFAULT_MIN_DISTINCT_MATCHES),
                    "Least number of distinct sampled values that must pass a PII rule: one value repeated is no evidence.")
            .withValidator(Validators.atLeast(1));
    public static final ConfigField LOW_CARDINALITY_DISTINCT_VALUES = ConfigField.create("classification.low-cardinality-distinct-values",
                    ConfigType.INT, String.valueOf(DEFAULT_LOW_CARDINALITY_DISTINCT_VALUES),
                    "A column with fewer distinct non-null values than this is tagged as PII only when its name agrees with the tag.")
            .withValidator(Validators.atLeast(0));
    public static final ConfigField MIXED_SHARE_FRACTION = ConfigField.create("classification.mixed-share-fraction", ConfigType.STRING,
                    String.valueOf(DEFAULT_MIXED_SHARE_FRACTION),
                    "In a column of several kinds of PII (cpf_cnpj) that together reach the threshold, the least share of each kind "
                            + "for its tag, in (0, 1].")
            .withValidator(fraction());

    public ClassificationSettings {
        if (!(thresholdFraction > 0 && thresholdFraction <= 1)) {
            throw LagoaException.userError("Invalid PII threshold fraction %s: a share in (0, 1], such as 0.8", thresholdFraction);
        }
        if (minDistinctMatches < 1) {
            throw LagoaException.userError("Invalid minimum of distinct PII matches %d: at least 1", minDistinctMatches);
        }
        if (lowCardinalityDistinctValues < 0) {
            throw LagoaException.userError("Invalid low-cardinality limit %d: at least 0", lowCardinalityDistinctValues);
        }
        if (!(mixedShareFraction > 0 && mixedShareFraction <= 1)) {
            throw LagoaException.userError("Invalid PII mixed share fraction %s: a share in (0, 1], such as 0.2", mixedShareFraction);
        }
    }

    /** 0.8 of the non-null values, 3 distinct matches, 5 distinct values before a name is needed, 0.2 share when mixed. */
    public static ClassificationSettings defaults() {
        return new ClassificationSettings(DEFAULT_THRESHOLD_FRACTION, DEFAULT_MIN_DISTINCT_MATCHES, DEFAULT_LOW_CARDINALITY_DISTINCT_VALUES,
                DEFAULT_MIXED_SHARE_FRACTION);
    }

    /** The configuration keys of the classifier, for {@code lagoa config describe}. */
    public static List<ConfigField> fields() {
        return List.of(THRESHOLD_FRACTION, MIN_DISTINCT_MATCHES, LOW_CARDINALITY_DISTINCT_VALUES, MIXED_SHARE_FRACTION);
    }

    /** The settings of a configuration that declares {@link #fields()}. */
    public static ClassificationSettings from(Configuration configuration) {
        return new ClassificationSettings(Double.parseDouble(configuration.require(THRESHOLD_FRACTION).trim()),
                configuration.getInt(MIN_DISTINCT_MATCHES), configuration.getInt(LOW_CARDINALITY_DISTINCT_VALUES),
                Double.parseDouble(configuration.require(MIXED_SHARE_FRACTION).trim()));
    }

    private static Function<String, String> fraction() {
        return value -> {
            try {
                double fraction = Double.parseDouble(value.trim());
                return fraction > 0 && fraction <= 1 ? null : "must be a share in (0, 1], such as 0.8";
            } catch (NumberFormatException e) {
                return "'" + value + "' is not a number";
            }
        };
    }

    public ClassificationSettings withThresholdFraction(double newThresholdFraction) {
        return new ClassificationSettings(newThresholdFraction, minDistinctMatches, lowCardinalityDistinctValues, mixedShareFraction);
    }

    public ClassificationSettings withMinDistinctMatches(int newMinDistinctMatches) {
        return new ClassificationSettings(thresholdFraction, newMinDistinctMatches, lowCardinalityDistinctValues, mixedShareFraction);
    }

    public ClassificationSettings withLowCardinalityDistinctValues(int newLowCardinalityDistinctValues) {
        return new ClassificationSettings(thresholdFraction, minDistinctMatches, newLowCardinalityDistinctValues, mixedShareFraction);
    }

    public ClassificationSettings withMixedShareFraction(double newMixedShareFraction) {
        return new ClassificationSettings(thresholdFraction, minDistinctMatches, lowCardinalityDistinctValues, newMixedShareFraction);
    }
}
