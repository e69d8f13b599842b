package dev.lagoa.governance.classify;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tags a column with the kinds of personal data its sampled values hold ({@link PiiTag}).
 *
 * <p>Every rule is anchored: the whole value, trimmed, must pass it. A column gets a tag when, among its non-null,
 * non-blank values, at least {@link ClassificationSettings#thresholdFraction()} pass the rule and at least
 * {@link ClassificationSettings#minDistinctMatches()} of those are distinct. A column with fewer than
 * {@link ClassificationSettings#lowCardinalityDistinctValues()} distinct values is tagged only when its name agrees.
 * The name is a weaker signal, compared word by word ({@code cpf_cliente} agrees with CPF, {@code acid_level} with
 * nothing): it raises the confidence and admits the forms that are ambiguous alone (a bare 8-digit CEP, a bare phone
 * number), but never tags a column by itself. Thread-safe.
 */
public final class PiiClassifier {
    private final ClassificationSettings settings;
    private final List<Detector> detectors;

    private PiiClassifier(ClassificationSettings settings, List<Detector> detectors) {
        this.settings = requireNonNull(settings, "settings is null");
        this.detectors = List.copyOf(detectors);
    }

    /** A classifier with {@link ClassificationSettings#defaults()}. */
    public static PiiClassifier create() {
        return create(ClassificationSettings.defaults());
    }

    public static PiiClassifier create(ClassificationSettings settings) {
        return new PiiClassifier(settings, List.of(
                new CpfDetector(),
                new CnpjDetector(),
                new EmailDetector(),
                new PhoneDetector(),
                new CepDetector(),
                new CreditCardDetector(),
                PersonNameDetector.withBundledNames(),
                new IpAddressDetector()));
    }

    public ClassificationSettings settings() {
        return settings;
    }

    /**
     * The tags of one column, in {@link PiiTag} order; empty when it holds no PII or no non-blank value.
     *
     * @param columnName the column's name as the source spells it ({@code cpf_cliente}, {@code emailContato})
     * @param values a sample of the column's values as text; nulls and blank values are counted in the sample size only
     */
    public List<Classification> classify(String columnName, Collection<String> values) {
        requireNonNull(columnName, "columnName is null");
        requireNonNull(values, "values is null");
        List<String> present = new ArrayList<>(values.size());
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                present.add(value.strip());
            }
        }
        if (present.isEmpty()) {
            return List.of();
        }
        int distinctValues = new HashSet<>(present).size();
        List<String> words = ColumnNames.words(columnName);

        List<Tally> eligible = new ArrayList<>();
        for (Detector detector : detectors) {
            Tally tally = tally(detector, ColumnNames.signal(words, detector.nameSignals()), present);
            boolean enoughDistinct = tally.distinct.size() >= settings.minDistinctMatches();
            boolean enoughCardinality = distinctValues >= settings.lowCardinalityDistinctValues() || !tally.nameSignal.isEmpty();
            if (enoughDistinct && enoughCardinality && tally.rate() >= settings.mixedShareFraction()) {
                eligible.add(tally);
            }
        }
        double combinedRate = combinedRate(eligible, present.size());

        List<Classification> classifications = new ArrayList<>();
        for (Tally tally : eligible) {
            if (tally.rate() >= settings.thresholdFraction()) {
                classifications.add(classification(tally, values.size(), List.of()));
            } else if (eligible.size() > 1 && combinedRate >= settings.thresholdFraction()) {
                List<PiiTag> others = eligible.stream().filter(other -> other != tally).map(other -> other.detector.tag()).toList();
                classifications.add(classification(tally, values.size(), others));
            }
        }
        return List.copyOf(classifications);
    }

    private static Tally tally(Detector detector, String nameSignal, List<String> present) {
        boolean[] matched = new boolean[present.size()];
        int matches = 0;
        Set<String> distinct = new LinkedHashSet<>();
        for (int index = 0; index < present.size(); index++) {
            String value = present.get(index);
            if (detector.matches(value, !nameSignal.isEmpty())) {
                matched[index] = true;
                matches++;
                distinct.add(value);
            }
        }
        return new Tally(detector, nameSignal, matched, matches, distinct, present.size());
    }

    private static double combinedRate(List<Tally> tallies, int nonNull) {
        int matched = 0;
        for (int index = 0; index < nonNull; index++) {
            for (Tally tally : tallies) {
                if (tally.matched[index]) {
                    matched++;
                    break;
                }
            }
        }
        return (double) matched / nonNull;
    }

    private static Classification classification(Tally tally, int sampleSize, List<PiiTag> mixedWith) {
        Set<String> examples = new LinkedHashSet<>();
        for (String value : tally.distinct) {
            if (examples.size() == 3) {
                break;
            }
            examples.add(tally.detector.mask(value));
        }
        Evidence evidence = new Evidence(sampleSize, tally.nonNull, tally.matches, tally.distinct.size(), tally.rate(),
                tally.detector.rule(), tally.detector.description(), tally.nameSignal, List.copyOf(examples), mixedWith);
        return new Classification(tally.detector.tag(), tally.nameSignal.isEmpty() ? Confidence.MEDIUM : Confidence.HIGH, evidence);
    }

    /** One rule's outcome over a column's non-null values. */
    private record Tally(Detector detector, String nameSignal, boolean[] matched, int matches, Set<String> distinct, int nonNull) {
        double rate() {
            return (double) matches / nonNull;
        }
    }
}
