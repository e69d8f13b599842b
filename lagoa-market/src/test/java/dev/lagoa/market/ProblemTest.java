package dev.lagoa.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {
    @Test
    void readsAsOneLineWithTheRowsTicker() {
        Problem problem = Problem.ofRow(Problem.Severity.HARD, "results[3].cod", 3, "PETR 4", "ticker 'PETR 4' has spaces inside");

        assertThat(problem).hasToString("HARD results[3].cod (PETR 4): ticker 'PETR 4' has spaces inside");
        assertThat(Problem.warning("header.text", "damaged")).hasToString("WARNING header.text: damaged");
    }

    @Test
    void anyHardIsTrueOnlyWithAHardProblem() {
        assertThat(Problem.anyHard(List.of(Problem.warning("a", "b")))).isFalse();
        assertThat(Problem.anyHard(List.of(Problem.warning("a", "b"), Problem.hard("c", "d")))).isTrue();
    }
}
