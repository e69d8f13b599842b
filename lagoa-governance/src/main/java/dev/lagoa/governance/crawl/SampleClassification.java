package dev.lagoa.governance.crawl;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.catalog.AssetTag;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TagStore;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.governance.classify.Classification;
import dev.lagoa.governance.classify.PiiClassifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The crawler's hand-off to the PII classifier: samples a dataset's text and whole-number columns
 * ({@value #SAMPLE_ROWS} rows from each of its {@value #SAMPLED_FILES} newest files), has the classifier classify each
 * column's sample, and records the classifications as the table's classifier tags, which replace the earlier ones
 * less those a person dismissed.
 *
 * <p>No argument may be null ({@link NullPointerException}). {@link #classify} throws {@link
 * dev.lagoa.core.LagoaException} when a sampled file cannot be downloaded; a file that cannot be read as its format
 * adds nothing to the sample.
 */
final class SampleClassification {
    static final int SAMPLE_ROWS = 1000;
    static final int SAMPLED_FILES = 3;
    private static final Set<String> SAMPLED_TYPES = Set.of("string", "bigint", "int");

    private final PiiClassifier classifier;
    private final TagStore tags;
    private final LakeFiles files;

    SampleClassification(PiiClassifier classifier, TagStore tags, LakeFiles files) {
        this.classifier = requireNonNull(classifier, "classifier is null");
        this.tags = requireNonNull(tags, "tags is null");
        this.files = requireNonNull(files, "files is null");
    }

    /**
     * Classifies the dataset's text and whole-number columns from a sample and records the tags.
     *
     * @param columns the dataset's columns as catalogued (partition keys are not sampled)
     * @return the classifier tags the table keeps, each as {@code column tag}, for people
     */
    List<String> classify(DatasetGroup group, List<TableColumn> columns) {
        List<String> sampled = columns.stream().filter(column -> SAMPLED_TYPES.contains(column.type())).map(TableColumn::name).toList();
        Map<String, List<String>> values = new LinkedHashMap<>();
        group.files().stream()
                .sorted(Comparator.comparing(ObjectSummary::lastModified).reversed())
                .limit(SAMPLED_FILES)
                // a file that cannot be sampled was already reported by the schema read, or is skipped here
                .forEach(file -> files.sample(group.bucket(), file.key(), group.format(), sampled, SAMPLE_ROWS).ifPresent(sample -> sample
                        .forEach((column, text) -> values.computeIfAbsent(column, ignored -> new ArrayList<>()).addAll(text))));
        List<AssetTag> found = new ArrayList<>();
        Instant now = Instant.now();
        values.forEach((column, sample) -> {
            for (Classification classification : classifier.classify(column, sample)) {
                found.add(new AssetTag(group.table(), Optional.of(column), classification.tagValue(), AssetTag.Source.CLASSIFIER,
                        classification.evidence().summary(), "crawler", now));
            }
        });
        return tags.replaceClassified(group.table(), found).stream().map(tag -> tag.column().orElse("") + " " + tag.tag()).toList();
    }
}
