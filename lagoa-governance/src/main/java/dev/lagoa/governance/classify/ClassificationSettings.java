package dev.lagoa.governance.classify;

import dev.lagoa.core.LagoaException;

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
