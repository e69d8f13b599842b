package dev.lagoa.jobs.diff;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.jobs.JobFailure;
import dev.lagoa.jobs.LakeLocations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local snapshot outside the lake that has nothing to read is named as the folder it is, not as a prefix. */
class DiffSnapshotListTest {
    @TempDir
    Path temp;

    private void list(Path snapshot, String side) {
        DiffRunner.list(new Configuration(), snapshot.toUri().toString(), side, false, 64 << 20, LakeLocations.of(null));
    }

    @Test
    void aMissingLocalFolderIsNoSuchFolder() {
        Path missing = temp.resolve("ontem");

        assertThatThrownBy(() -> list(missing, ChangeRules.YESTERDAY)).isInstanceOf(JobFailure.class)
                .hasMessage("Cannot read yesterday snapshot file://%s: no such folder or file "
                        + "(on the first day, --allow-missing-yesterday treats it as empty: all inserts)", missing);
    }

    @Test
    void aLocalFolderWithOnlyHiddenFilesHasNoFileToRead() throws IOException {
        Path today = Files.createDirectories(temp.resolve("hoje"));
        Files.writeString(today.resolve("_SUCCESS"), "");

        assertThatThrownBy(() -> list(today, ChangeRules.TODAY)).isInstanceOf(JobFailure.class)
                .hasMessage("Cannot read today snapshot file://%s/: no file to read in folder (names starting with _ or . are skipped)", today);
    }
}
