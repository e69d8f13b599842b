package dev.lagoa.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JobsConfigTest {
    private static JobsConfig load(Map<String, String> overrides) {
        return JobsConfig.from(Configuration.load(JobsConfig.fields(), Map.of(), null, Map.of(), overrides));
    }

    @Test
    void byDefaultRunsAreLocalWithTheDriverOnLoopbackAndNothingExtra() {
        JobsConfig config = load(Map.of());

        assertThat(config.isCluster()).isFalse();
        assertThat(config.driverHost()).isEqualTo("127.0.0.1");
        assertThat(config.executorMemory()).isEqualTo("1g");
        assertThat(config.executorCores()).isZero();
        assertThat(config.jarList()).isEmpty();
        assertThat(config.sparkSettings()).isEmpty();
        assertThat(new JobsConfig("local[2]", "1g", config.defaultTimeout(), 2, 2, "", "cp", false)).as("the short constructor keeps the defaults")
                .extracting(JobsConfig::executorMemory, JobsConfig::driverHost, JobsConfig::sparkConf).containsExactly("1g", "127.0.0.1", "");
    }

    @Test
    void aStandaloneMasterIsAClusterWithItsExecutorsJarsAndSettings() {
        JobsConfig config = load(Map.of("jobs.spark-master", "spark://10.0.0.5:7077", "jobs.executor-memory", "4g", "jobs.executor-cores", "2",
                "jobs.driver-host", "10.0.0.9", "jobs.jars", "/opt/extra/a.jar,s3://bucket/b.jar",
                "jobs.spark-conf", "spark.cores.max=8; spark.executor.extraJavaOptions=-XX:+UseG1GC -Da=b,c;"));

        assertThat(config.isCluster()).isTrue();
        assertThat(config.jarList()).containsExactly("/opt/extra/a.jar", "s3://bucket/b.jar");
        assertThat(config.sparkSettings()).containsExactly(Map.entry("spark.cores.max", "8"),
                Map.entry("spark.executor.extraJavaOptions", "-XX:+UseG1GC -Da=b,c"));
        assertThat(load(Map.of("jobs.spark-master", "local")).isCluster()).isFalse();
        assertThat(load(Map.of("jobs.spark-master", "local[4]")).isCluster()).isFalse();
    }

    @Test
    void everyProblemIsReportedAtOnceNamingTheKeyToUseInstead() {
        assertThatThrownBy(() -> load(Map.of("jobs.spark-master", "spark:/nowhere", "jobs.executor-memory", "lots", "jobs.driver-host", "a host",
                "jobs.jars", "a.jar,,b.jar",
                "jobs.spark-conf", "spark.master=local;spark.executor.memory=2g;cores=4;nonsense;spark.submit.deployMode=cluster")))
                .hasMessageContaining("(5 problems)")
                .hasMessageContaining("'spark:/nowhere' is not a Spark master: use local[*], local[N], spark://host:port, k8s://... or yarn")
                .hasMessageContaining("'lots' is not a JVM memory size")
                .hasMessageContaining("'a host' is not a host name or IP address")
                .hasMessageContaining("has an empty entry: separate jars with single commas")
                .hasMessageContaining("spark.master is set by jobs.spark-master; spark.executor.memory is set by jobs.executor-memory; "
                        + "'cores' is not a Spark setting (spark.*); 'nonsense' is not key=value; ")
                .hasMessageContaining("spark.submit.deployMode is set by the launcher (client");
    }
}
