package dev.lagoa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lagoa diff} refuses snapshots that are not there and key fields that are also ignored at once, before a job
 * run (a JVM and a Spark session) starts: each refusal leaves {@code lagoa jobs runs} empty.
 */
class DiffArgumentsTest {
    @TempDir
    Path temp;

    Path yesterday;

    record Run(int status, String out, String err) {}

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = temp.resolve("home").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int status = LagoaCli.execute(Map.of(), Clock.fixed(Instant.parse("2026-11-22T02:30:00Z"), ZoneOffset.UTC),
                new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(status, out.toString(), err.toString());
    }

    @BeforeEach
    void workspaceAndYesterdaysSnapshot() throws IOException {
        Files.createDirectories(temp.resolve("home/lake"));
        yesterday = Files.createDirectories(temp.resolve("ontem"));
        Files.writeString(yesterday.resolve("produtos.jsonl"), "{\"id\":1}\n");
    }

    /** Refused with exit status 2 and {@code message}, and no job run was started. */
    void refused(Run run, String message) {
        assertThat(run.status()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("Error: " + message + System.lineSeparator());
        Run runs = run("jobs", "runs");
        assertThat(runs.status()).as(runs.err()).isZero();
        assertThat(runs.out()).isEqualTo("No job runs yet." + System.lineSeparator());
    }

    @Test
    void aMissingLocalFolderIsNamedWithItsOption() {
        String today = temp.resolve("hoje").toString();

        refused(run("diff", "--yesterday", yesterday.toString(), "--today", today, "--key", "id"), "No folder " + today + " (--today)");
        refused(run("diff", "--yesterday", today, "--today", yesterday.toString(), "--key", "id"), "No folder " + today
                + " (--yesterday) (on the first day, --allow-missing-yesterday treats it as empty: all inserts)");
        String file = temp.resolve("hoje.jsonl").toString();
        refused(run("diff", "--yesterday", yesterday.toString(), "--today", file, "--key", "id"), "No file or folder " + file + " (--today)");
    }

    @Test
    void onTheFirstDayOnlyTodayMustBeThere() {
        String today = temp.resolve("hoje").toString();

        refused(run("diff", "--yesterday", temp.resolve("nada").toString(), "--today", today, "--key", "id", "--allow-missing-yesterday"),
                "No folder " + today + " (--today)");
    }

    @Test
    void aFolderWithOnlyWhatWritersLeaveBesideTheirDataHasNothingToRead() throws IOException {
        Path today = Files.createDirectories(temp.resolve("hoje/_temporary"));
        Files.writeString(today.resolve("part-0.json"), "{\"id\":1}\n");
        Files.writeString(today.resolveSibling("_SUCCESS"), "");
        Files.writeString(today.resolveSibling(".produtos.jsonl.crc"), "");

        refused(run("diff", "--yesterday", yesterday.toString(), "--today", today.getParent().toString(), "--key", "id"),
                "No files to read in folder " + today.getParent() + " (--today): it is empty, or holds only files the diff skips "
                        + "(names starting with _ or .)");
    }

    @Test
    void keyFieldsAlsoIgnoredAreAllNamed() {
        refused(run("diff", "--yesterday", yesterday.toString(), "--today", yesterday.toString(), "--key", "id,cliente.id",
                "--ignore-fields", "atualizado_em,cliente.id,id"), "Key fields 'id', 'cliente.id' cannot also be ignored: remove them from --ignore-fields");
        refused(run("diff", "--yesterday", yesterday.toString(), "--today", yesterday.toString(), "--key", "id", "--ignore-fields", "id"),
                "Key field 'id' cannot also be ignored: remove it from --ignore-fields");
        refused(run("diff", "--yesterday", yesterday.toString(), "--today", yesterday.toString(), "--key", "cliente..id"),
                "Invalid key field 'cliente..id': use field names separated by dots (cliente.id)");
    }

    @Test
    void anS3PrefixOfTheWorkspaceLakeWithoutObjectsIsNamedAsAPrefix() throws IOException {
        Path lake = temp.resolve("home/lake/lagoa-demo/snapshots");
        Files.writeString(Files.createDirectories(lake.resolve("2026-11-21")).resolve("produtos.jsonl"), "{\"id\":1}\n");
        Files.writeString(Files.createDirectories(lake.resolve("2026-11-22")).resolve("_SUCCESS"), "");

        refused(run("diff", "--yesterday", "s3://lagoa-demo/snapshots/2026-11-21/", "--today", "s3://lagoa-demo/snapshots/2026-11-22",
                "--key", "id"), "No objects under s3://lagoa-demo/snapshots/2026-11-22/ (--today)");
        refused(run("diff", "--yesterday", "s3://lagoa-demo/snapshots/2026-11-21/produtos.jsonl", "--today", "s3://sem-balde/x/",
                "--key", "id"), "No objects under s3://sem-balde/x/ (--today)");
    }
}
