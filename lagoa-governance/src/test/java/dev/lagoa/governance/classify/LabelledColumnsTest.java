package dev.lagoa.governance.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of the classifier over the labelled columns of {@value LabelledColumns#RESOURCE}, counted per
 * (column, tag): a tag the classifier puts on a column that a person would not is a false positive, a tag a person
 * would put that the classifier misses is a false negative. Regenerate the resource after changing
 * {@link LabelledColumns} with {@code -Dlagoa.regenerate-labelled-columns=true}.
 */
class LabelledColumnsTest {
    private static final Path SOURCE = Path.of("src/test/resources/dev/lagoa/governance/classify", LabelledColumns.RESOURCE);

    @Test
    void theResourceIsTheGeneratorsOutput() throws IOException {
        String generated = LabelledColumns.json(LabelledColumns.generate());
        if (Boolean.getBoolean("lagoa.regenerate-labelled-columns")) {
            Files.writeString(SOURCE, generated, StandardCharsets.UTF_8);
        }
        assertThat(resource()).isEqualTo(generated);
    }

    @Test
    void precisionAndRecallOnTheLabelledColumns() throws IOException {
        JsonNode columns = new ObjectMapper().readTree(resource());
        assertThat(columns.size()).isGreaterThanOrEqualTo(60);
        PiiClassifier classifier = PiiClassifier.create();
        int truePositives = 0;
        int falsePositives = 0;
        int falseNegatives = 0;
        int positiveColumns = 0;
        List<String> mistakes = new ArrayList<>();
        for (JsonNode column : columns) {
            List<String> values = new ArrayList<>();
            column.path("values").forEach(value -> values.add(value.isNull() ? null : value.asText()));
            Set<String> expected = new HashSet<>();
            column.path("expected").forEach(tag -> expected.add(tag.asText()));
            positiveColumns += expected.isEmpty() ? 0 : 1;
            List<Classification> found = classifier.classify(column.path("name").asText(), values);
            Set<String> predicted = new HashSet<>();
            for (Classification classification : found) {
                predicted.add(classification.tagValue());
                if (expected.contains(classification.tagValue())) {
                    truePositives++;
                } else {
                    falsePositives++;
                    mistakes.add("false positive %s on %s: %s".formatted(classification.tagValue(), column.path("name").asText(),
                            classification.evidence().summary()));
                }
            }
            for (String tag : expected) {
                if (!predicted.contains(tag)) {
                    falseNegatives++;
                    mistakes.add("false negative %s on %s".formatted(tag, column.path("name").asText()));
                }
            }
        }
        double precision = (double) truePositives / (truePositives + falsePositives);
        double recall = (double) truePositives / (truePositives + falseNegatives);
        System.out.printf("PII classification on %d labelled columns (%d with PII, %d without): %d true positives, %d false positives, "
                        + "%d false negatives; precision %.3f, recall %.3f%n",
                columns.size(), positiveColumns, columns.size() - positiveColumns, truePositives, falsePositives, falseNegatives, precision, recall);
        mistakes.forEach(mistake -> System.out.println("  " + mistake));

        assertThat(precision).as("precision; mistakes: %s", mistakes).isGreaterThanOrEqualTo(0.98);
        assertThat(recall).as("recall; mistakes: %s", mistakes).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aColumnsEvidenceReadsAsDocsGovernanceShowsIt() throws IOException {
        JsonNode columns = new ObjectMapper().readTree(resource());
        for (JsonNode column : columns) {
            if (column.path("name").asText().equals("cpfResponsavel")) {
                List<String> values = new ArrayList<>();
                column.path("values").forEach(value -> values.add(value.asText()));
                assertThat(PiiClassifier.create().classify("cpfResponsavel", values).get(0).evidence().summary()).isEqualTo(
                        "27 of 30 non-null values (90%, 27 distinct) pass cpf-check-digits; name: cpf; e.g. ***.890.209-**, ***.999.972-**, ***.629.828-**");
            }
        }
    }

    private static String resource() throws IOException {
        try (InputStream stream = LabelledColumnsTest.class.getResourceAsStream(LabelledColumns.RESOURCE)) {
            return stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
