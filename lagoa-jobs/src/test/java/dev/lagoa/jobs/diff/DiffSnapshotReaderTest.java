package dev.lagoa.jobs.diff;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.jobs.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot reader on JSON arrays with a bad element: the bad element alone is rejected and reading goes on at the
 * next element; a defect that hides where the next element starts is an {@code UNREADABLE_FILE} naming the offset.
 */
class DiffSnapshotReaderTest {
    @TempDir
    Path temp;

    private static List<ParsedRecord> read(Path file, String key) throws IOException {
        FileSystem fileSystem = FileSystem.getLocal(new Configuration()).getRaw();
        DiffOptions options = new DiffOptions(List.of(key), Set.of(), false, 16 << 20, 1000);
        List<ParsedRecord> records = new ArrayList<>();
        try (SnapshotReader reader = SnapshotReader.open(InputChunk.whole(file.toUri().toString(), file.getFileName().toString(), Files.size(file)),
                fileSystem, new JsonRecords(options), options.maxRecordBytes())) {
            reader.forEachRemaining(records::add);
        }
        return records;
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(temp.resolve(name), content, UTF_8);
    }

    @Test
    void theMalformedElementOfTheRealCountriesFileIsRejectedAloneAndTheOther247AreRead() throws IOException {
        // mledoze/countries at commit 7ccbd84 (2016-05-23): Aruba, the first element, lacks a field name at line 43
        List<ParsedRecord> records = read(Fixtures.folder().resolve("countries/countries_2016-05-23.json"), "cca3");

        assertThat(records).hasSize(248);
        assertThat(records).filteredOn(ParsedRecord::isRejected).singleElement().satisfies(reject -> {
            assertThat(reject.getReason()).isEqualTo("MALFORMED_JSON");
            assertThat(reject.getLine()).as("the line where Aruba's element starts").isEqualTo(2);
            assertThat(reject.getOffset()).isEqualTo(3);
            assertThat(reject.getMessage()).contains("line 43");
            assertThat(new String(reject.getJson(), UTF_8)).contains("\"Aruba\"");
        });
        assertThat(records).filteredOn(record -> !record.isRejected()).hasSize(247)
                .extracting(ParsedRecord::getKey).contains("{\"cca3\":\"AFG\"}", "{\"cca3\":\"BRA\"}", "{\"cca3\":\"ZWE\"}")
                .doesNotHaveDuplicates();
    }

    @Test
    void aBadElementInTheMiddleLosesNothingAfterIt() throws IOException {
        Path file = write("a.json", "[{\"id\":1},\n {\"id\":2,},\n {\"id\":3, \"s\":\"a ] } , [ {\"},\n \"not an object\",\n {\"id\":4, \"x\":[1,{\"y\":\"\\\"\"}]}\n]\n");

        List<ParsedRecord> records = read(file, "id");

        assertThat(records).extracting(record -> record.isRejected() ? record.getReason() + "@" + record.getLine() : record.getKey())
                .containsExactly("{\"id\":1}", "MALFORMED_JSON@2", "{\"id\":3}", "NOT_AN_OBJECT@4", "{\"id\":4}");
    }

    @Test
    void aBrokenStructureIsAnUnreadableFileNamingTheOffsetNeverASilentEnd() throws IOException {
        Path mismatched = write("b.json", "[{\"id\":1},{\"id\":2,]\n,{\"id\":3}]");
        Path truncated = write("c.json", "[{\"id\":1},{\"id\":2},{\"id\":3,\"na");
        Path noComma = write("d.json", "[{\"id\":1} x {\"id\":2}]");

        assertThat(read(mismatched, "id")).extracting(record -> record.isRejected() ? record.getReason() + "@" + record.getOffset() : record.getKey())
                .containsExactly("{\"id\":1}", "UNREADABLE_FILE@18");
        assertThat(read(truncated, "id")).extracting(record -> record.isRejected() ? record.getReason() : record.getKey())
                .containsExactly("{\"id\":1}", "{\"id\":2}", "UNREADABLE_FILE");
        assertThat(read(truncated, "id")).last().satisfies(reject -> assertThat(reject.getMessage())
                .startsWith("the file ends inside an element that starts at byte offset 19").contains("after 2 records"));
        assertThat(read(noComma, "id")).last().satisfies(reject -> {
            assertThat(reject.getReason()).isEqualTo("UNREADABLE_FILE");
            assertThat(reject.getOffset()).isEqualTo(10);
        });
    }
}
