package dev.lagoa.governance.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.lineage.LineageSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineagePushTest {
    @TempDir
    Path workspace;

    /** A sink that keeps what it is sent, in calls. */
    private static final class RecordingSink implements LineageSink {
        final List<List<String>> calls = new ArrayList<>();
        final String name;

        RecordingSink(String name) {
            this.name = name;
        }

        @Override
        public void send(List<String> events) {
            calls.add(List.copyOf(events));
        }

        List<String> sent() {
            return calls.stream().flatMap(List::stream).toList();
        }

        @Override
        public String describe() {
            return name;
        }

        @Override
        public void close() {}
    }

    private Path events() {
        return workspace.resolve("lineage/events");
    }

    private LineagePush push(LineageSink sink) {
        return new LineagePush(sink, events(), workspace.resolve("metadata/lineage-push.json"));
    }

    private static String event(int run) {
        return "{\"eventType\":\"COMPLETE\",\"run\":{\"runId\":\"run-%d\"},\"job\":{\"namespace\":\"lagoa\",\"name\":\"importau.silver\"}}".formatted(run);
    }

    private void append(String file, String text) throws IOException {
        Files.createDirectories(events());
        Files.writeString(events().resolve(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void withoutAnEventsFolderNothingIsSentAndTheResultSaysSo() {
        RecordingSink sink = new RecordingSink("marquez");

        LineagePush.Result result = push(sink).push();

        assertThat(result.folderExists()).isFalse();
        assertThat(sink.calls).isEmpty();
    }

    @Test
    void eventsAreSentOnceAndOnlyTheLinesAddedSinceAreSentNext() throws IOException {
        append("2025-07-10.jsonl", event(1) + "\n" + event(2) + "\n");
        append("2025-07-11.jsonl", event(3) + "\n" + event(4).substring(0, 20));
        RecordingSink sink = new RecordingSink("marquez");

        assertThat(push(sink).push().sent()).isEqualTo(3);
        assertThat(sink.sent()).containsExactly(event(1), event(2), event(3));
        assertThat(push(sink).push().sent()).as("nothing new").isZero();

        append("2025-07-11.jsonl", event(4).substring(20) + "\n");
        LineagePush.Result third = push(sink).push();

        assertThat(third.sent()).isEqualTo(1);
        assertThat(sink.sent()).containsExactly(event(1), event(2), event(3), event(4));
    }

    @Test
    void eachSinkHasItsOwnMemoryAndLargeFilesGoInBatches() throws IOException {
        StringBuilder many = new StringBuilder();
        IntStream.range(0, 120).forEach(run -> many.append(event(run)).append('\n'));
        append("runs.jsonl", many.toString());
        RecordingSink marquez = new RecordingSink("marquez");
        RecordingSink dataZone = new RecordingSink("DataZone domain dzd_1");

        push(marquez).push();
        push(dataZone).push();

        assertThat(marquez.calls).extracting(List::size).containsExactly(50, 50, 20);
        assertThat(dataZone.sent()).hasSize(120);
    }

    @Test
    void linesThatAreNotJsonObjectsAreNamedAndNotSentAndAReplacedFileIsSentAgain() throws IOException {
        append("runs.jsonl", event(1) + "\nnot json\n\n[1,2]\n" + event(2) + "\n");
        RecordingSink sink = new RecordingSink("marquez");

        LineagePush.Result result = push(sink).push();

        assertThat(result.rejected()).containsExactly("runs.jsonl line 2: not a JSON object", "runs.jsonl line 4: not a JSON object");
        assertThat(sink.sent()).containsExactly(event(1), event(2));

        Files.writeString(events().resolve("runs.jsonl"), event(9) + "\n", StandardCharsets.UTF_8);
        LineagePush.Result replaced = push(sink).push();

        assertThat(replaced.restarted()).containsExactly("runs.jsonl");
        assertThat(sink.sent()).endsWith(event(9));
    }
}
