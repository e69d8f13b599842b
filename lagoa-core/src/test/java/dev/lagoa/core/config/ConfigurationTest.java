package dev.lagoa.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationTest {
    private static final ConfigField SECRET = ConfigField.create("kafka.sasl.password", ConfigType.PASSWORD, null, "A password.");
    private static final List<ConfigField> FIELDS = List.of(LakeConfig.DIFFS_BUCKET, JobsConfig.MAX_CONCURRENT_RUNS, JobsConfig.TIMEOUT,
            LagoaConfig.TIME_ZONE, SECRET);

    @TempDir
    Path temp;

    @Test
    void precedenceIsDefaultThenFileThenEnvironmentThenCommandLine() throws IOException {
        Path file = temp.resolve("lagoa.properties");
        Files.writeString(file, "lake.diffs-bucket=from-file\njobs.max-concurrent-runs=3\njobs.timeout=5m\n");

        Configuration configuration = Configuration.load(FIELDS, Map.of(), file,
                Map.of("LAGOA_JOBS_MAX_CONCURRENT_RUNS", "4", "LAGOA_JOBS_TIMEOUT", "7m"),
                Map.of("jobs.timeout", "9m"));

        assertThat(configuration.get(LakeConfig.DIFFS_BUCKET)).isEqualTo("from-file");
        assertThat(configuration.source(LakeConfig.DIFFS_BUCKET)).isEqualTo(ConfigSource.FILE);
        assertThat(configuration.getInt(JobsConfig.MAX_CONCURRENT_RUNS)).isEqualTo(4);
        assertThat(configuration.getDuration(JobsConfig.TIMEOUT)).hasMinutes(9);
        assertThat(configuration.source(JobsConfig.TIMEOUT)).isEqualTo(ConfigSource.COMMAND_LINE);
        assertThat(configuration.get(LagoaConfig.TIME_ZONE)).isEqualTo("America/Sao_Paulo");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> Configuration.load(FIELDS, Map.of(), null,
                Map.of("LAGOA_LAKE_DIFFS_BUCKET", "bucket_diffs"),
                Map.of("jobs.max-concurrent-runs", "zero", "jobs.timeout", "soon", "lagoa.time-zone", "Mars/Olympus", "jobs.max-concurent-runs", "2")))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("Invalid configuration (5 problems)")
                .hasMessageContaining("lake.diffs-bucket = bucket_diffs (from environment): invalid bucket name 'bucket_diffs': underscores are not allowed")
                .hasMessageContaining("jobs.max-concurrent-runs = zero (from command line): 'zero' is not an integer")
                .hasMessageContaining("jobs.timeout = soon")
                .hasMessageContaining("unknown time zone 'Mars/Olympus'")
                .hasMessageContaining("unknown key 'jobs.max-concurent-runs' (from command line)");
    }

    @Test
    void secretsAreMaskedInDisplayAndProblems() {
        Configuration configuration = Configuration.load(FIELDS, Map.of(), null, Map.of("LAGOA_KAFKA_SASL_PASSWORD", "s3cr3t"), Map.of());

        assertThat(configuration.get(SECRET)).isEqualTo("s3cr3t");
        assertThat(configuration.displayValues()).containsEntry("kafka.sasl.password", "******");
        assertThat(configuration.displayValues().toString()).doesNotContain("s3cr3t");
    }

    @Test
    void environmentVariableNamesDeriveFromKeys() {
        assertThat(JobsConfig.MAX_CONCURRENT_RUNS.environmentVariable()).isEqualTo("LAGOA_JOBS_MAX_CONCURRENT_RUNS");
    }

    @Test
    void requireNamesTheKeyAndTheVariable() {
        Configuration configuration = Configuration.load(FIELDS, Map.of(), null, Map.of(), Map.of());
        assertThatThrownBy(() -> configuration.require(SECRET))
                .hasMessage("Missing configuration kafka.sasl.password (set it in lagoa.properties or LAGOA_KAFKA_SASL_PASSWORD)");
    }
}
