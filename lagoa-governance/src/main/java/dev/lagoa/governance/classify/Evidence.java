package dev.lagoa.governance.classify;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Why a column carries a tag. It never holds a sampled value as it was: examples are masked.
 *
 * @param sampleSize values in the sample, nulls included
 * @param nonNull values that are neither null nor blank
 * @param matches non-null values that passed the rule
 * @param distinctMatches distinct values among {@code matches}
 * @param rate {@code matches / nonNull}
 * @param rule the rule's name ({@code cpf-check-digits})
 * @param ruleDescription what the rule accepts, in a sentence
 * @param nameSignal the words of the column name that agree with the tag ({@code cpf}), empty when the name says nothing
 * @param maskedExamples up to three distinct matching values, masked ({@code ***.456.789-**})
 * @param mixedWith the other tags that share the column when none alone reaches the threshold (a {@code cpf_cnpj}
 *     column), empty otherwise
 */
public record Evidence(
        int sampleSize,
        int nonNull,
        int matches,
        int distinctMatches,
        double rate,
        String rule,
        String ruleDescription,
        String nameSignal,
        List<String> maskedExamples,
        List<PiiTag> mixedWith) {
    public Evidence {
        requireNonNull(rule, "rule is null");
        requireNonNull(ruleDescription, "ruleDescription is null");
        requireNonNull(nameSignal, "nameSignal is null");
        maskedExamples = List.copyOf(requireNonNull(maskedExamples, "maskedExamples is null"));
        mixedWith = List.copyOf(requireNonNull(mixedWith, "mixedWith is null"));
        if (sampleSize < nonNull || nonNull < matches || matches < distinctMatches || distinctMatches < 0) {
            throw new IllegalArgumentException("Inconsistent evidence counts: sample %d, non-null %d, matches %d, distinct %d"
                    .formatted(sampleSize, nonNull, matches, distinctMatches));
        }
    }

    public boolean hasNameSignal() {
        return !nameSignal.isEmpty();
    }

    /** One line for a person: {@code 28 of 30 non-null values (93%, 27 distinct) pass cpf-check-digits; name: cpf; e.g. ***.456.789-**}. */
    public String summary() {
        StringBuilder text = new StringBuilder()
                .append(matches).append(" of ").append(nonNull).append(" non-null values (")
                .append(Math.round(rate * 100)).append("%, ").append(distinctMatches).append(" distinct) pass ").append(rule);
        if (!mixedWith.isEmpty()) {
            text.append(", together with ").append(mixedWith.stream().map(PiiTag::value).toList());
        }
        if (hasNameSignal()) {
            text.append("; name: ").append(nameSignal);
        }
        if (!maskedExamples.isEmpty()) {
            text.append("; e.g. ").append(String.join(", ", maskedExamples));
        }
        return text.toString();
    }
}
