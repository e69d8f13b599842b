package dev.lagoa.benchmarks.publisher;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lagoa.core.config.KafkaConfig;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.PutOptions;
import dev.lagoa.kafka.KafkaClientProperties;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.Workspace;
import dev.lagoa.local.services.EmbeddedKafka;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The publisher benchmark: Lagoa's transactional publisher ({@code lagoa publish diffs}) against Kafka's own
 * {@code org.apache.kafka.tools.ProducerPerformance}, on the same embedded broker, the same records, in one run.
 *
 * <p>It starts the embedded broker ({@link EmbeddedKafka}, a child JVM on lagoa-kafka-broker/target/lib) in a fresh
 * workspace, and for each size N: writes N change records for one day into the workspace lake (a handful of files,
 * through the lake's object store, as the diff job's output), then runs in turn, each in its own JVM measured from
 * outside ({@link ChildProcess}):
 *
 * <ul>
 *   <li>{@code lagoa}: the distribution's {@code bin/lagoa publish diffs --date D --json} (lagoa-dist/target/lagoa), with
 *       {@code LAGOA_JAVA_OPTS=-Xmx512m}: the JVM a user runs, its class archive included;
 *   <li>{@code producer-perf}: ProducerPerformance on the broker's classpath, N records whose values are a sample of
 *       the change records ({@code --payload-file}), {@code acks=all}, {@code enable.idempotence=true}, a transactional
 *       id and a transaction duration of Lagoa's time per file, Kafka's producer defaults otherwise;
 *   <li>{@code producer-perf-256k}: the same with Lagoa's own batching ({@code batch.size=262144}, {@code linger.ms=5}).
 * </ul>
 *
 * Results go to {@code <work>/results.md} and {@code <work>/results.json}. See docs/benchmarks.md.
 */
public final class PublisherBenchmark {
    static final String LAGOA = "lagoa";
    /**
     * Lagoa from another distribution ({@code --baseline DIR}, e.g. a worktree's lagoa-dist/target/lagoa) or with other
     * environment variables ({@code --baseline-env K=V,...}): before and after in one run.
     */
    static final String LAGOA_BASELINE = "lagoa-baseline";
    static final String PERF = "producer-perf";
    static final String PERF_256K = "producer-perf-256k";
    private static final LocalDate FIRST_DATE = LocalDate.of(2026, 11, 21);
    private static final String BUCKET = "lagoa-diffs";
    private static final double MIB = 1024.0 * 1024.0;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** ProducerPerformance's final line: {@code 1000000 records sent, 123.4 records/sec (0.12 MB/sec), 1.2 ms avg latency, 3.0 ms max latency, ...}. */
    static final Pattern PERF_TOTAL = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency(.*)");

    /** One engine's run at one size. {@code ownSeconds}: the run's time by the tool's own clock (publishing, without JVM start). */
    record Run(String engine, long records, long valueBytes, double ownSeconds, ChildProcess.Result process, String detail) {
        double recordsPerSecond() {
            return records / ownSeconds;
        }

        double mibPerSecond() {
            return valueBytes / MIB / ownSeconds;
        }

        double wallRecordsPerSecond() {
            return records / process.wallSeconds();
        }
    }

    private PublisherBenchmark() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = parse(argv);
        List<Long> sizes = Stream.of(args.getOrDefault("records", "500000,1000000").split(",")).map(String::trim).map(Long::parseLong).toList();
        int files = Integer.parseInt(args.getOrDefault("files", "4"));
        Path work = Path.of(args.getOrDefault("work", "lagoa-publisher-benchmark/target/bench-work")).toAbsolutePath();
        Path dist = distribution(Path.of(args.getOrDefault("lagoa", "lagoa-dist/target/lagoa")));
        Path kafkaLib = Path.of(args.getOrDefault("kafka-lib", "lagoa-kafka-broker/target/lib")).toAbsolutePath();
        String xmx = args.getOrDefault("xmx", "512m");
        String brokerMemory = args.getOrDefault("broker-memory", "512m");
        int partitions = Integer.parseInt(args.getOrDefault("partitions", "3"));
        int sample = Integer.parseInt(args.getOrDefault("sample", "10000"));
        long seed = Long.parseLong(args.getOrDefault("seed", "20250601"));
        List<String> engines = List.of(args.getOrDefault("engines", String.join(",", LAGOA, PERF, PERF_256K)).split(","));
        List<String> jfr = List.of(args.getOrDefault("jfr", "").split(","));
        boolean warmup = Boolean.parseBoolean(args.getOrDefault("warmup", "true"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path baselineDist = args.containsKey("baseline") ? distribution(Path.of(args.get("baseline"))) : dist;
        Map<String, String> baselineEnvironment = new LinkedHashMap<>();
        for (String pair : args.getOrDefault("baseline-env", "").split(",")) {
            if (!pair.isBlank()) {
                baselineEnvironment.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        if (engines.contains(LAGOA_BASELINE) && !args.containsKey("baseline") && baselineEnvironment.isEmpty()) {
            throw new IllegalArgumentException("The engine " + LAGOA_BASELINE + " needs --baseline DIR or --baseline-env K=V");
        }
        if (!Files.isDirectory(kafkaLib) || Files.list(kafkaLib).noneMatch(p -> p.getFileName().toString().startsWith("kafka-tools-"))) {
            throw new IllegalStateException("No kafka-tools jar in " + kafkaLib + ": build lagoa-kafka-broker (./mvnw -B package -pl lagoa-kafka-broker)");
        }

        Path workspaceHome = work.resolve("workspace");
        deleteRecursively(workspaceHome);
        Files.createDirectories(work);
        Workspace workspace = Workspace.open(workspaceHome);
        LocalObjectStore store = new LocalObjectStore(workspace);
        store.createBucket(BucketName.of(BUCKET));
        List<Map<String, Object>> results = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        Map<Long, ChangeFileGenerator.Generated> data = new LinkedHashMap<>();
        ServicesConfig services = new ServicesConfig(freePort(), freePort(), freePort(), kafkaLib + "/*", "", Duration.ofSeconds(120), brokerMemory);
        System.out.printf("Starting the embedded broker (%s heap) in %s%n", brokerMemory, workspaceHome);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(workspace, services);
                Admin admin = Admin.create(KafkaClientProperties.admin(kafka.clientConfig()))) {
            // the broker asks for the workspace's credentials: the perf tool reads them from a client properties file
            Path clientProperties = work.resolve("client.properties");
            Files.writeString(clientProperties, String.join(System.lineSeparator(), "security.protocol=SASL_PLAINTEXT", "sasl.mechanism=PLAIN",
                    "sasl.jaas.config=" + KafkaClientProperties.plainJaasConfig(EmbeddedKafka.USERNAME, EmbeddedKafka.password(workspace))) + System.lineSeparator());
            System.out.printf("Broker %s (pid %d)%n", kafka.bootstrapServers(), kafka.pid());
            for (int s = 0; s < sizes.size(); s++) {
                long n = sizes.get(s);
                LocalDate date = FIRST_DATE.plusDays(s);
                Path dir = work.resolve("n" + n);
                deleteRecursively(dir);
                Path logs = Files.createDirectories(dir.resolve("logs"));
                System.out.printf("%n== %,d records in %d files, date %s%n", n, files, date);
                ChangeFileGenerator.Generated generated = new ChangeFileGenerator(seed + n, date).write(dir.resolve("generated"), n, files);
                Path payload = dir.resolve("payload.txt");
                double sampleAverage = writeSample(generated, payload, sample);
                for (Path file : generated.files()) {
                    store.putFile(BucketName.of(BUCKET), ObjectKey.of(date + "/" + file.getFileName()), file, PutOptions.contentType("application/json"));
                    Files.delete(file);
                }
                data.put(n, generated);
                System.out.printf("Generated %,d records (%,d c, %,d u, %,d d), %.1f MiB, %.1f bytes per record; payload sample %,d records, %.1f bytes%n",
                        n, generated.c(), generated.u(), generated.d(), generated.bytes() / MIB, generated.averageRecordBytes(), sample, sampleAverage);

                double transactionMs = Double.parseDouble(args.getOrDefault("transaction-ms", "3000"));
                if (s == 0 && warmup) {
                    // whichever engine ran first used to meet a cold broker (its JIT compiling the log's append path):
                    // an unmeasured run of ProducerPerformance warms it for all of them (its topic is kept: deleting it would
                    // have the broker delete its segments during the next run)
                    System.out.printf("-- warming the broker up: %,d records, not measured%n", n);
                    admin.createTopics(List.of(new NewTopic("warmup", partitions, (short) 1))).all().get();
                    check(ChildProcess.run(perfCommand(List.of(java, "-Xmx" + xmx), kafkaLib, "warmup", n, payload, transactionMs, clientProperties, kafka.bootstrapServers(), true),
                            Map.of(), logs.resolve("warmup.out"), logs.resolve("warmup.log"), kafka.pid()), "the warm-up", logs);
                }
                for (String engine : engines) {
                    Run run;
                    if (engine.equals(LAGOA) || engine.equals(LAGOA_BASELINE)) {
                        String topic = engine + "-diffs-n" + n;
                        // bin/lagoa execs the JVM: the process measured is the JVM, as a user runs it
                        List<String> javaOptions = new ArrayList<>(List.of("-Xmx" + xmx));
                        jfr(javaOptions, jfr, engine, logs);
                        List<String> command = List.of((engine.equals(LAGOA) ? dist : baselineDist).resolve("bin/lagoa").toString(), "publish", "diffs",
                                "--date", date.toString(), "--json");
                        Map<String, String> environment = new LinkedHashMap<>(Map.of("JAVA_HOME", System.getProperty("java.home"),
                                "LAGOA_JAVA_OPTS", String.join(" ", javaOptions), "LAGOA_HOME", workspaceHome.toString(), "LAGOA_KAFKA_BOOTSTRAP_SERVERS",
                                kafka.bootstrapServers(), "LAGOA_KAFKA_TOPIC", topic, "LAGOA_KAFKA_PARTITIONS", String.valueOf(partitions),
                                "LAGOA_KAFKA_SECURITY", "SASL_PLAINTEXT", "LAGOA_KAFKA_SASL_USERNAME", EmbeddedKafka.USERNAME,
                                "LAGOA_KAFKA_SASL_PASSWORD_FILE", EmbeddedKafka.passwordFile(workspace).toString()));
                        if (engine.equals(LAGOA_BASELINE)) {
                            environment.putAll(baselineEnvironment);
                        }
                        System.out.printf("-- %s: LAGOA_JAVA_OPTS='%s'%s %s%n", engine, String.join(" ", javaOptions),
                                engine.equals(LAGOA_BASELINE) && !baselineEnvironment.isEmpty() ? " " + baselineEnvironment : "", String.join(" ", command));
                        Path out = logs.resolve(engine + ".json");
                        ChildProcess.Result result = ChildProcess.run(command, environment, out, logs.resolve(engine + ".log"), kafka.pid());
                        check(result, engine, logs);
                        JsonNode summary = JSON.readTree(jsonDocument(Files.readString(out)));
                        long records = summary.path("records").asLong();
                        if (records != n || !summary.path("status").asText().equals("SUCCEEDED")) {
                            throw new IllegalStateException("%s published %d records (status %s), expected %d".formatted(engine, records, summary.path("status"), n));
                        }
                        double seconds = summary.path("seconds").asDouble();
                        if (engine.equals(LAGOA)) {
                            transactionMs = Math.max(100, seconds * 1000 / files);
                        }
                        run = new Run(engine, records, generated.bytes() - generated.records(), seconds, result,
                                "%d transactions (one per file), %s".formatted(files, endOffsets(admin, topic)));
                    } else if (engine.equals(PERF) || engine.equals(PERF_256K)) {
                        String topic = engine + "-n" + n;
                        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
                        List<String> jvm = new ArrayList<>(List.of(java, "-Xmx" + xmx));
                        jfr(jvm, jfr, engine, logs);
                        List<String> command = perfCommand(jvm, kafkaLib, topic, n, payload, transactionMs, clientProperties, kafka.bootstrapServers(),
                                engine.equals(PERF_256K));
                        System.out.printf("-- %s: %s%n", engine, String.join(" ", command));
                        Path out = logs.resolve(engine + ".out");
                        ChildProcess.Result result = ChildProcess.run(command, Map.of(), out, logs.resolve(engine + ".log"), kafka.pid());
                        check(result, engine, logs);
                        Matcher total = perfTotal(Files.readAllLines(out)).orElseThrow(() -> new IllegalStateException("No total line in " + out));
                        long records = Long.parseLong(total.group(1));
                        if (records != n) {
                            throw new IllegalStateException("%s sent %d records, expected %d".formatted(engine, records, n));
                        }
                        double seconds = records / Double.parseDouble(total.group(2));
                        run = new Run(engine, records, Math.round(records * sampleAverage), seconds, result,
                                "transaction every %d ms, %s ms avg / %s ms max latency, %s".formatted(Math.round(transactionMs), total.group(4),
                                        total.group(5), endOffsets(admin, topic)));
                    } else {
                        throw new IllegalArgumentException("Unknown engine " + engine + " (lagoa, lagoa-baseline, producer-perf, producer-perf-256k)");
                    }
                    runs.add(run);
                    System.out.println(line(run));
                    results.add(document(n, run));
                    JSON.writeValue(work.resolve("results.json").toFile(), results);
                    Files.writeString(work.resolve("results.md"), report(runs, data, services, brokerMemory, xmx, files));
                }
            }
        }
        System.out.printf("%n%s%nResults in %s%n", report(runs, data, services, brokerMemory, xmx, files), work.resolve("results.md"));
    }

    /** ProducerPerformance with the benchmark's settings (acks=all, idempotent, transactional); {@code tuned}: 256 KiB batches. */
    private static List<String> perfCommand(List<String> jvm, Path kafkaLib, String topic, long n, Path payload, double transactionMs,
            Path clientProperties, String bootstrapServers, boolean tuned) {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of("-cp", kafkaLib + "/*", "org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", String.valueOf(n), "--payload-file", payload.toString(), "--throughput", "-1",
                "--transactional-id", topic, "--transaction-duration-ms", String.valueOf(Math.round(transactionMs)),
                "--producer.config", clientProperties.toString(), "--producer-props", "bootstrap.servers=" + bootstrapServers, "acks=all", "enable.idempotence=true"));
        if (tuned) {
            command.addAll(List.of("batch.size=262144", "linger.ms=5", "compression.type=none"));
        }
        return command;
    }

    private static void jfr(List<String> command, List<String> jfr, String engine, Path logs) {
        if (jfr.contains(engine)) {
            command.add("-XX:StartFlightRecording=filename=%s,settings=profile,dumponexit=true".formatted(logs.resolve(engine + ".jfr")));
        }
    }

    private static void check(ChildProcess.Result result, String engine, Path logs) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException("%s exited with %d: see %s".formatted(engine, result.exitCode(), logs));
        }
    }

    /** The JSON summary in the publisher's standard output (JFR prints its start-up lines there first). */
    static String jsonDocument(String output) {
        int start = output.startsWith("{") ? 0 : output.indexOf("\n{") + 1;
        return output.substring(start);
    }

    static Optional<Matcher> perfTotal(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher matcher = PERF_TOTAL.matcher(lines.get(i).trim());
            if (matcher.matches()) {
                return Optional.of(matcher);
            }
        }
        return Optional.empty();
    }

    /** The sum of the topic's end offsets (records, plus one transaction marker per partition and transaction). */
    private static String endOffsets(Admin admin, String topic) throws Exception {
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        long sum = admin.listOffsets(request).all().get().values().stream().mapToLong(info -> info.offset()).sum();
        return "topic %s end offsets %,d".formatted(topic, sum);
    }

    /** Every k-th record of the generated files into {@code payload} (ProducerPerformance's --payload-file); their average size. */
    private static double writeSample(ChangeFileGenerator.Generated generated, Path payload, int sample) throws IOException {
        long every = Math.max(1, generated.records() / sample);
        long index = 0;
        long taken = 0;
        long bytes = 0;
        try (BufferedWriter out = Files.newBufferedWriter(payload, UTF_8)) {
            for (Path file : generated.files()) {
                try (BufferedReader in = Files.newBufferedReader(file, UTF_8)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (index++ % every == 0 && taken < sample) {
                            out.write(line);
                            out.write('\n');
                            taken++;
                            bytes += line.getBytes(UTF_8).length;
                        }
                    }
                }
            }
        }
        return bytes / (double) taken;
    }

    private static Map<String, Object> document(long n, Run run) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("records", n);
        document.put("engine", run.engine());
        document.put("value_bytes", run.valueBytes());
        document.put("seconds", round(run.ownSeconds(), 3));
        document.put("records_per_second", round(run.recordsPerSecond(), 1));
        document.put("mib_per_second", round(run.mibPerSecond(), 2));
        document.put("wall_seconds", round(run.process().wallSeconds(), 3));
        document.put("wall_records_per_second", round(run.wallRecordsPerSecond(), 1));
        document.put("cpu_seconds", round(run.process().cpuSeconds(), 2));
        document.put("peak_rss_mib", round(run.process().peakRssKb() / 1024.0, 1));
        document.put("broker_cpu_seconds", round(run.process().brokerCpuSeconds(), 2));
        document.put("other_cpu_seconds", round(run.process().otherCpuSeconds(), 2));
        document.put("load_before", run.process().loadBefore());
        document.put("detail", run.detail());
        return document;
    }

    private static String line(Run run) {
        return String.format(Locale.ROOT, "%s: %,d records in %.2f s: %,.0f records/s, %.1f MiB/s; wall %.2f s, CPU %.1f s, peak RSS %,d MiB, broker CPU %.1f s (%s)",
                run.engine(), run.records(), run.ownSeconds(), run.recordsPerSecond(), run.mibPerSecond(), run.process().wallSeconds(),
                run.process().cpuSeconds(), run.process().peakRssKb() / 1024, run.process().brokerCpuSeconds(), run.detail());
    }

    static String report(List<Run> runs, Map<Long, ChangeFileGenerator.Generated> data, ServicesConfig services, String brokerMemory, String xmx,
            int files) {
        StringBuilder md = new StringBuilder();
        md.append("# Publisher benchmark results\n\n");
        md.append(String.format(Locale.ROOT, "Broker: embedded KRaft broker, %s heap; clients: -Xmx%s; %d change files per day; machine load before: see JSON.%n%n",
                brokerMemory, xmx, files));
        md.append("| records | engine | s (own clock) | records/s | MiB/s | wall s | wall records/s | CPU s | peak RSS MiB | broker CPU s | other CPU s | vs best ProducerPerformance |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Run run : runs) {
            Optional<Run> best = runs.stream().filter(r -> r.records() == run.records() && r.engine().startsWith(PERF))
                    .max(Comparator.comparingDouble(Run::recordsPerSecond));
            String ratio = best.map(b -> String.format(Locale.ROOT, "%.0f%% (wall %.0f%%)", 100 * run.recordsPerSecond() / b.recordsPerSecond(),
                    100 * run.wallRecordsPerSecond() / b.wallRecordsPerSecond())).orElse("");
            md.append(String.format(Locale.ROOT, "| %,d | %s | %.2f | %,.0f | %.1f | %.2f | %,.0f | %.1f | %,d | %.1f | %.1f | %s |%n", run.records(), run.engine(),
                    run.ownSeconds(), run.recordsPerSecond(), run.mibPerSecond(), run.process().wallSeconds(), run.wallRecordsPerSecond(),
                    run.process().cpuSeconds(), run.process().peakRssKb() / 1024, run.process().brokerCpuSeconds(), run.process().otherCpuSeconds(), ratio));
        }
        md.append("\n");
        data.forEach((n, generated) -> md.append(String.format(Locale.ROOT, "- %,d records: %,d c / %,d u / %,d d, %.1f MiB in %d files, %.1f bytes per record%n",
                n, generated.c(), generated.u(), generated.d(), generated.bytes() / MIB, generated.files().size(), generated.averageRecordBytes())));
        md.append("\nDetails:\n\n");
        runs.forEach(run -> md.append("- ").append(line(run)).append('\n'));
        return md.toString();
    }

    /** A built distribution: its {@code bin/lagoa}, as a user runs it. */
    private static Path distribution(Path folder) {
        Path dist = folder.toAbsolutePath();
        if (!Files.isExecutable(dist.resolve("bin/lagoa"))) {
            throw new IllegalStateException("No bin/lagoa in " + dist + ": build the distribution (./mvnw -B -DskipTests package -pl lagoa-dist -am)");
        }
        return dist;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    static Map<String, String> parse(String[] argv) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + argv[i]);
            }
            String name = argv[i].substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                values.put(name, argv[++i]);
            } else {
                values.put(name, "true");
            }
        }
        return values;
    }
}
