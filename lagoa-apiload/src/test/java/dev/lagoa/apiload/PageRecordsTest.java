package dev.lagoa.apiload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.PutOptions;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.Workspace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The records of one page as the loader reads them, without a database: what each kind of page yields and rejects. */
class PageRecordsTest {
    private static final BucketName BUCKET = BucketName.of("pages");
    @TempDir
    Path home;
    private LocalObjectStore store;
    private final List<Reject> rejects = new ArrayList<>();
    private final List<Boolean> rejectIsRecord = new ArrayList<>();

    @BeforeEach
    void open() {
        store = new LocalObjectStore(Workspace.open(home));
        store.createBucket(BUCKET);
    }

    private List<String> read(String key, byte[] content, String recordsPath) {
        store.put(BUCKET, ObjectKey.of(key), content, PutOptions.DEFAULT);
        EndpointDefinition endpoint = EndpointDefinition.of("pages", "http://127.0.0.1/unused", WriteDisposition.APPEND, List.of())
                .withRecordsPath(recordsPath);
        List<String> records = new ArrayList<>();
        try (PageRecords page = PageRecords.open(store, BUCKET, ObjectKey.of(key), endpoint, "load-1", (reject, record) -> {
            rejects.add(reject);
            rejectIsRecord.add(record);
        })) {
            for (SourceRecord record = page.next(); record != null; record = page.next()) {
                records.add(record.node().toString());
            }
        }
        return records;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonLinesWithAByteOrderMarkCrLfBlankLinesAndNoFinalNewline() {
        assertThat(read("a.jsonl", utf8("\uFEFF{\"id\":1}\r\n\r\n   \n{\"id\":2}\r\n{\"id\":3}"), "")).containsExactly("{\"id\":1}", "{\"id\":2}",
                "{\"id\":3}");
        assertThat(rejects).isEmpty();
    }

    @Test
    void aJsonLineLongerThanTheLimitIsRejectedAndTheNextLineIsRead() throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(utf8("{\"id\":1}\n{\"text\":\""));
        content.writeBytes(new byte[PageRecords.MAX_LINE_BYTES]);
        content.writeBytes(utf8("\"}\n{\"id\":3}\n"));

        assertThat(read("long.jsonl", content.toByteArray(), "")).containsExactly("{\"id\":1}", "{\"id\":3}");
        assertThat(rejects).singleElement().satisfies(reject -> {
            assertThat(reject.reason()).isEqualTo(Reject.Reason.MALFORMED_JSON);
            assertThat(reject.detail()).isEqualTo("line 2 is longer than 16777216 bytes: the record is kept only in the source object");
            assertThat(reject.source()).isEqualTo("s3://pages/long.jsonl");
        });
        assertThat(rejectIsRecord).containsExactly(true);
    }

    @Test
    void theRecordsPathIsFoundPastOtherFieldsAndEscapedNames() {
        String page = "{\"meta\":{\"records\":[{\"id\":0}]},\"a/b\":{\"items\":[{\"id\":1},{\"id\":2,\"nested\":[1,{\"x\":[]}]}]},\"after\":[1,2]}";

        assertThat(read("nested.json", utf8(page), "/a~1b/items")).containsExactly("{\"id\":1}", "{\"id\":2,\"nested\":[1,{\"x\":[]}]}");
        assertThat(rejects).isEmpty();
    }

    @Test
    void aSingleObjectAtTheRecordsPathIsOneRecord() {
        assertThat(read("one.json", utf8("{\"data\":{\"id\":1}}"), "/data")).containsExactly("{\"id\":1}");
        assertThat(read("root.json", utf8("{\"id\":2}"), "")).containsExactly("{\"id\":2}");
    }

    @Test
    void noRecordsAtThePathIsOneRejectWithThePage() {
        assertThat(read("none.json", utf8("{\"error\":\"quota\"}"), "/data")).isEmpty();
        assertThat(read("null.json", utf8("{\"data\":null}"), "/data")).isEmpty();
        assertThat(read("empty.json", new byte[0], "/data")).isEmpty();

        assertThat(rejects).extracting(Reject::reason).containsOnly(Reject.Reason.RECORDS_NOT_FOUND);
        assertThat(rejects).extracting(reject -> reject.rawValue().asText()).containsExactly("{\"error\":\"quota\"}", "{\"data\":null}", "");
        assertThat(rejectIsRecord).containsOnly(false);
    }

    @Test
    void contentAfterTheRecordsKeepsTheRecordsAndIsReported() {
        assertThat(read("trailing.json", utf8("[{\"id\":1},{\"id\":2}] [3]"), "")).containsExactly("{\"id\":1}", "{\"id\":2}");

        assertThat(rejects).singleElement().satisfies(reject -> {
            assertThat(reject.reason()).isEqualTo(Reject.Reason.MALFORMED_JSON);
            assertThat(reject.detail()).startsWith("the response is not JSON at line 1, column ");
            assertThat(reject.detail()).contains("the 2 records before it were read");
        });
    }

    @Test
    void aRecordsArrayOfScalarsYieldsThemForTheLoaderToReject() {
        assertThat(read("scalars.json", utf8("[1,\"two\",null]"), "")).containsExactly("1", "\"two\"", "null");
    }
    @Test
    void invalidUtf8InAJsonDocumentBreaksItThereAndKeepsTheRecordsBefore() {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(utf8("[{\"id\":1},{\"id\":2,\"name\":\"Jo"));
        content.write(0xC3);
        content.writeBytes(utf8("(o\"},{\"id\":3}]"));

        assertThat(read("latin.json", content.toByteArray(), "")).containsExactly("{\"id\":1}");
        assertThat(rejects).singleElement().satisfies(reject -> {
            assertThat(reject.reason()).isEqualTo(Reject.Reason.MALFORMED_JSON);
            assertThat(reject.detail()).startsWith("the response is not JSON at line 1, column ").contains("Invalid UTF-8")
                    .contains("the record before it was read, the rest of the response was not");
        });
    }

    @Test
    void aSurrogateEncodedAsUtf8BytesInADocumentIsALoneSurrogate() {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(utf8("[{\"id\":1,\"name\":\"a"));
        content.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}); // U+D800 written as UTF-8 (CESU-8): not UTF-8
        content.writeBytes(utf8("\"},{\"id\":2}]"));

        List<String> records = read("cesu.json", content.toByteArray(), "");

        assertThat(records).containsExactly("{\"id\":2}");
        assertThat(rejects).singleElement().satisfies(reject -> {
            assertThat(reject.reason()).isEqualTo(Reject.Reason.INVALID_UNICODE);
            assertThat(reject.detail()).isEqualTo("record 1: the text at /name has a lone UTF-16 surrogate (\\ud800), which is not a character "
                    + "and cannot be stored");
            assertThat(reject.rawValue().asText()).isEqualTo("{\"id\":1,\"name\":\"a\\ud800\"}");
        });
    }
}
