package dev.lagoa.deploy.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.contracts.JobEntryPoint;
import dev.lagoa.core.job.JobDefinition;
import dev.lagoa.core.pipeline.DiffPipeline;
import dev.lagoa.core.pipeline.Pipelines;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GlueScriptTest {
    private static final JobDefinition DIFF = Pipelines.job(DiffPipeline.JOB_NAME);

    @Test
    void glueArgumentsAreDroppedWithTheirValuesAndTheJobsArgumentsKeptInOrder() {
        List<String> sysArgs = List.of("--JOB_ID", "j_0123", "--date", "2026-12-06", "--JOB_RUN_ID", "jr_abc",
                "--job-bookmark-option", "job-bookmark-disable", "--TempDir", "s3://tmp/x/", "--key", "id",
                "--enable-metrics", "--JOB_NAME", "lagoa-diff", "--class", "GlueApp", "--extra-jars", "s3://a/jobs.jar",
                "--job-language", "scala", "--out", "s3://lagoa-diffs/");

        assertThat(GlueScript.jobArguments(sysArgs)).containsExactly("--date", "2026-12-06", "--JOB_RUN_ID", "jr_abc", "--key", "id",
                "--out", "s3://lagoa-diffs/");
    }

    @Test
    void inlineValuesEmptyValuesAndLoneWordsFollowTheJobsOwnReading() {
        // --enable-metrics "" is a pair (an empty value); --conf=x is one word; a lone word is the job's to refuse
        assertThat(GlueScript.jobArguments(List.of("--enable-metrics", "", "--conf=spark.x=1", "--flag", "--source", "s3://b/k", "stray",
                "--TempDir")))
                .containsExactly("--flag", "--source", "s3://b/k", "stray");
        assertThat(GlueScript.jobArguments(List.of())).isEmpty();
        assertThat(GlueScript.jobArguments(List.of("--", "x"))).containsExactly("--", "x");
    }

    @Test
    void noArgumentOfAShippedJobIsOneGlueReads() {
        for (JobDefinition job : Pipelines.jobs()) {
            for (String argument : job.defaultArguments().keySet()) {
                assertThat(GlueScript.GLUE_ARGUMENTS).as("%s of %s", argument, job.name()).doesNotContain(argument.substring(2));
            }
        }
        // the diff's own arguments, which no definition lists
        for (String name : List.of("yesterday", "today", "date", "key", "out", "ignore-fields", "null-equals-absent", "max-rejects",
                "max-record-bytes", "records-per-file", "allow-missing-yesterday", "split-bytes", "scheduled-time", "snapshots", "source",
                "target", "commits", "ticker", "index", "lakehouse", "camada", "tolerancia", "LAGOA_LAKE_ROOT")) {
            assertThat(GlueScript.isDropped(name)).as(name).isFalse();
        }
        assertThat(GlueScript.isDropped("JOB_RUN_ID")).isFalse();
        assertThat(GlueScript.isDropped("JOB_ID")).isTrue();
    }

    @Test
    void theScriptCallsTheJobsMainClassFromItsObject() {
        String source = GlueScript.source(DIFF);

        assertThat(GlueScript.className()).isEqualTo("GlueApp");
        assertThat(GlueScript.fileName(DIFF)).isEqualTo("lagoa-diff.scala");
        assertThat(source).contains("object GlueApp {")
                .contains("def main(sysArgs: Array[String]): Unit = {")
                .contains("_root_.dev.lagoa.jobs.diff.DiffJob.main(jobArguments(sysArgs))")
                .contains("System.setProperty(\"lagoa.job.exit\", \"false\")")
                .contains("\"JOB_ID\"").contains("\"job-bookmark-option\"").doesNotContain("\"JOB_RUN_ID\"");
        for (JobDefinition job : Pipelines.jobs()) {
            assertThat(GlueScript.source(job)).contains("_root_." + job.mainClass() + ".main(");
        }
    }

    @Test
    void aPackageNamedLikeAScalaKeywordIsQuotedAndAnOddNameRefused() {
        JobDefinition keyword = new JobDefinition("typed", "com.example.type.Job", Map.of(), Duration.ofMinutes(5), 0, 1);
        assertThat(GlueScript.source(keyword)).contains("_root_.com.example.`type`.Job.main(");

        for (String mainClass : List.of("dev.lagoa.Outer$Inner", "dev..Job", "dev.lagoa.Job;System.exit(1)", "")) {
            JobDefinition odd = new JobDefinition("odd", mainClass, Map.of(), Duration.ofMinutes(5), 0, 1);
            assertThatThrownBy(() -> GlueScript.source(odd)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot call main class '" + mainClass + "' from a Glue script: use a dotted name of ASCII letters, digits and '_'");
        }
    }

    @Test
    void everyShippedJobHasAScriptOfItsOwnName() {
        assertThat(Pipelines.jobs()).extracting(GlueScript::fileName).doesNotHaveDuplicates().allMatch(name -> name.endsWith(".scala"));
        assertThat(Pipelines.jobs()).extracting(JobDefinition::mainClass).contains(JobEntryPoint.DIFF.mainClass());
    }
}
