package dev.lagoa.apiload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RenameTest {
    private static Rename rename(long compared, long matching, boolean confident, boolean applied) {
        return new Rename("orders", "/name", "/full_name", "name", compared, matching, confident, applied);
    }

    @Test
    void anAppliedRenameNamesTheColumnItLoadsInto() {
        assertThat(rename(3, 3, true, true).outcome()).isEqualTo("applied: it loads into the column name");
    }

    @Test
    void aConfidentRenameNotAppliedWasOnlyReported() {
        // full agreement on enough records: only the endpoint's "renames": "report" kept it from being applied
        assertThat(rename(250, 250, true, false).outcome()).isEqualTo(
                "loaded as a new column, not applied because \"renames\" is report (set \"renames\": \"apply\" or an alias to merge them)");
    }

    @Test
    void aRenameShortOfFullAgreementIsNotAppliedWhateverRenamesSays() {
        // 244 of 250 is 97.6%: even with "renames": "apply" it is not applied, so the hint must not suggest setting it
        String outcome = rename(250, 244, false, false).outcome();

        assertThat(outcome).isEqualTo("loaded as a new column, not applied because the agreement 244/250 (97.6%) is below the 100% needed "
                + "(an alias merges them)");
        assertThat(outcome).doesNotContain("\"apply\"");
    }

    @Test
    void aRenameWithTooFewStoredValuesSaysHowManyItHad() {
        assertThat(rename(2, 2, false, false).outcome()).isEqualTo(
                "loaded as a new column, not applied because only 2 stored values could be compared, fewer than the 3 needed (an alias merges them)");
        assertThat(rename(1, 0, false, false).outcome()).isEqualTo("loaded as a new column, not applied because the agreement 0/1 (0.0%) is below "
                + "the 100% needed and only 1 stored value could be compared, fewer than the 3 needed (an alias merges them)");
    }
}
