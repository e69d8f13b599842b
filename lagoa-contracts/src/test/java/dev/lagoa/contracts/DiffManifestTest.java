package dev.lagoa.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiffManifestTest {
    private static final DiffManifest DEMO = new DiffManifest(JobNames.DIFF, "jr_20261122T022224_fe126896", LocalDate.parse("2026-11-21"),
            DiffManifest.Status.SUCCEEDED, List.of("id"), List.of("atualizado_em"), false,
            new DiffManifest.Inputs(new DiffManifest.Input("s3://lagoa-demo/snapshots/produtos/2026-11-20/", 1, 2782, 11, 1),
                    new DiffManifest.Input("s3://lagoa-demo/snapshots/produtos/2026-11-21/", 2, 2360, 12, 1)),
            new DiffManifest.Changes(2, 5, 1), 4,
            new DiffManifest.Rejects(2, 5, Map.of("MISSING_KEY", 1L, "MALFORMED_JSON", 1L),
                    Map.of("yesterday:MALFORMED_JSON", 1L, "today:MISSING_KEY", 1L), "s3://lagoa-diffs/_rejects/2026-11-21/"),
            new DiffManifest.Output(List.of(new DiffManifest.ChangeFile("part-00000.json", 8)), "s3://lagoa-diffs/2026-11-21/"),
            new DiffManifest.Timings(120, 5441, 28, 5590),
            Instant.parse("2026-11-22T02:22:26.841442054Z"), Instant.parse("2026-11-22T02:22:32.431991292Z"));

    /** The demo's manifest, as the diff documentation shows it. */
    private static final String DEMO_JSON = """
            {
              "job" : "lagoa-diff",
              "run_id" : "jr_20261122T022224_fe126896",
              "date" : "2026-11-21",
              "status" : "SUCCEEDED",
              "key" : [ "id" ],
              "ignored_fields" : [ "atualizado_em" ],
              "null_equals_absent" : false,
              "inputs" : {
                "yesterday" : {
                  "uri" : "s3://lagoa-demo/snapshots/produtos/2026-11-20/",
                  "files" : 1,
                  "bytes" : 2782,
                  "records" : 11,
                  "rejected" : 1
                },
                "today" : {
                  "uri" : "s3://lagoa-demo/snapshots/produtos/2026-11-21/",
                  "files" : 2,
                  "bytes" : 2360,
                  "records" : 12,
                  "rejected" : 1
                }
              },
              "changes" : {
                "c" : 2,
                "u" : 5,
                "d" : 1,
                "total" : 8
              },
              "unchanged" : 4,
              "rejects" : {
                "total" : 2,
                "max_allowed" : 5,
                "by_reason" : {
                  "MALFORMED_JSON" : 1,
                  "MISSING_KEY" : 1
                },
                "by_snapshot_and_reason" : {
                  "today:MISSING_KEY" : 1,
                  "yesterday:MALFORMED_JSON" : 1
                },
                "location" : "s3://lagoa-diffs/_rejects/2026-11-21/"
              },
              "output" : {
                "files" : [ {
                  "name" : "part-00000.json",
                  "records" : 8
                } ],
                "location" : "s3://lagoa-diffs/2026-11-21/"
              },
              "timings_ms" : {
                "list_inputs" : 120,
                "diff_and_write" : 5441,
                "commit" : 28,
                "total" : 5590
              },
              "started_at" : "2026-11-22T02:22:26.841442054Z",
              "completed_at" : "2026-11-22T02:22:32.431991292Z"
            }
            """;

    @Test
    void whatIsWrittenIsReadBackEqual() {
        byte[] json = DEMO.toJson();

        assertThat(DiffManifest.parse(json, "s3://lagoa-diffs/2026-11-21/_manifest.json")).isEqualTo(DEMO);
    }

    @Test
    void theJsonHasTheDocumentedFieldsInTheirOrder() {
        assertThat(new String(DEMO.toJson(), StandardCharsets.UTF_8)).isEqualToNormalizingNewlines(DEMO_JSON);
        assertThat(DiffManifest.parse(DEMO_JSON.getBytes(StandardCharsets.UTF_8), "m.json")).isEqualTo(DEMO);
    }

    @Test
    void theEngineIsWrittenLastWhenKnownAndReadBackWhenPresent() {
        DiffManifest local = new DiffManifest(DEMO.job(), DEMO.runId(), DEMO.date(), DEMO.status(), DEMO.key(), DEMO.ignoredFields(),
                DEMO.nullEqualsAbsent(), DEMO.inputs(), DEMO.changes(), DEMO.unchanged(), DEMO.rejects(), DEMO.output(), DEMO.timings(),
                DEMO.startedAt(), DEMO.completedAt(), "local");
        String json = new String(local.toJson(), StandardCharsets.UTF_8);

        assertThat(json).endsWith("\"completed_at\" : \"2026-11-22T02:22:32.431991292Z\",\n  \"engine\" : \"local\"\n}\n");
        assertThat(DiffManifest.parse(local.toJson(), "_manifest.json")).isEqualTo(local);
        assertThat(DiffManifest.parse(DEMO_JSON.getBytes(StandardCharsets.UTF_8), "_manifest.json").engine())
                .as("a manifest written before the engines has none").isNull();
    }

    @Test
    void aFailedRunHasNoOutputAndARunWithoutRejectsNoRejectsLocation() {
        DiffManifest failed = new DiffManifest(JobNames.DIFF, "jr_1", LocalDate.parse("2026-11-21"), DiffManifest.Status.FAILED, List.of("cliente.id", "data"),
                List.of(), true, DEMO.inputs(), new DiffManifest.Changes(0, 0, 0), 0,
                new DiffManifest.Rejects(0, 0, Map.of(), Map.of(), null), new DiffManifest.Output(List.of(), ""), DEMO.timings(),
                DEMO.startedAt(), DEMO.completedAt());

        String json = new String(failed.toJson(), StandardCharsets.UTF_8);

        assertThat(json).contains("\"location\" : null", "\"files\" : [ ],\n    \"location\" : \"\"", "\"status\" : \"FAILED\"");
        assertThat(DiffManifest.parse(failed.toJson(), "f.json")).isEqualTo(failed);
    }

    @Test
    void rejectCountsAreKeptSortedByReason() {
        assertThat(DEMO.rejects().byReason().keySet()).containsExactly("MALFORMED_JSON", "MISSING_KEY");
        assertThat(DEMO.rejects().bySnapshotAndReason().keySet()).containsExactly("today:MISSING_KEY", "yesterday:MALFORMED_JSON");
    }

    @Test
    void malformedManifestsAreNamedWithTheirReason() {
        assertThatThrownBy(() -> DiffManifest.parse("[1]".getBytes(StandardCharsets.UTF_8), "a.json"))
                .isInstanceOf(MalformedFileException.class).hasMessage("Invalid diff manifest a.json: not a JSON object");
        assertThatThrownBy(() -> DiffManifest.parse("{\"job\": \"lagoa-diff\"".getBytes(StandardCharsets.UTF_8), "b.json"))
                .isInstanceOf(MalformedFileException.class).hasMessageStartingWith("Invalid diff manifest b.json: not valid JSON");
        assertThatThrownBy(() -> DiffManifest.parse(DEMO_JSON.replace("\"files\" : 2,", "\"files\" : \"2\",").getBytes(StandardCharsets.UTF_8), "c.json"))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage("Invalid diff manifest c.json: 'inputs.today.files' is missing or not a whole number");
        assertThatThrownBy(() -> DiffManifest.parse(DEMO_JSON.replace("\"total\" : 8", "\"total\" : 9").getBytes(StandardCharsets.UTF_8), "d.json"))
                .isInstanceOf(MalformedFileException.class).hasMessage("Invalid diff manifest d.json: 'changes.total' is not c + u + d");
        assertThatThrownBy(() -> DiffManifest.parse(DEMO_JSON.replace("SUCCEEDED", "DONE").getBytes(StandardCharsets.UTF_8), "e.json"))
                .isInstanceOf(MalformedFileException.class).hasMessage("Invalid diff manifest e.json: 'status' is neither SUCCEEDED nor FAILED: DONE");
        String withoutTimings = DEMO_JSON.replaceAll("(?s)\"timings_ms\" : \\{.*?},", "");
        assertThatThrownBy(() -> DiffManifest.parse(withoutTimings.getBytes(StandardCharsets.UTF_8), "f.json"))
                .isInstanceOf(MalformedFileException.class).hasMessage("Invalid diff manifest f.json: 'timings_ms' is missing or not an object");
        String twice = DEMO_JSON.replace("\"unchanged\" : 4,", "\"unchanged\" : 4, \"unchanged\" : 5,");
        assertThatThrownBy(() -> DiffManifest.parse(twice.getBytes(StandardCharsets.UTF_8), "g.json"))
                .isInstanceOf(MalformedFileException.class).hasMessageContaining("Duplicate field 'unchanged'");
    }
}
