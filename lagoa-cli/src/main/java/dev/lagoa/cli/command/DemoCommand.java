package dev.lagoa.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.cli.ApiLoadWiring;
import dev.lagoa.cli.DiffWiring;
import dev.lagoa.cli.GovernanceWiring;
import dev.lagoa.cli.JobsWiring;
import dev.lagoa.cli.LakeLocations;
import dev.lagoa.cli.LocalPlatform;
import dev.lagoa.contracts.DiffManifest;
import dev.lagoa.cli.MarketWiring;
import dev.lagoa.cli.PlatformWiring;
import dev.lagoa.cli.PublishWiring;
import dev.lagoa.cli.QueryWiring;
import dev.lagoa.cli.QueueWiring;
import dev.lagoa.cli.StateMachineWiring;
import dev.lagoa.core.pipeline.DiffPipeline;
import dev.lagoa.publisher.DiffPublisher;
import dev.lagoa.publisher.PublishResult;
import java.time.Duration;
import java.util.Map;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.Profile;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.PutOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lagoa demo}: every finished pipeline on bundled sample data, on the local profile. Today: the diff of two
 * days of a product catalogue landed in the lake, with every kind of change and two rejects; the S3 event
 * notifications of its change files on the embedded ElasticMQ; and the publisher putting the day's changes on the
 * embedded Kafka, read back by a read_committed consumer. Then the B3 IBOV portfolio and the BRAPI PETR4 quotes,
 * collected from a local replay of recorded responses, each landing triggering its refine job, whose commits register
 * the tables that a SQL query then reads.
 */
@Command(mixinStandardHelpOptions = true, name = "demo", description = "Runs every pipeline on bundled sample data in the local workspace and shows where the results are.")
public final class DemoCommand implements Runnable {
    static final BucketName DEMO_BUCKET = BucketName.of("lagoa-demo");
    /**
     * The demo's defaults, unless the workspace, environment or {@code -c} set them: its data is small, so its Spark
     * runs use two shuffle partitions (as the warm job JVM's warm-up does) rather than {@code jobs.shuffle-partitions}'
     * default; and every file its pipelines put in the lake is written whole (to a temporary name, then renamed), so a
     * new file is notified once it is 100 ms old rather than after {@code serve.notifications.settle-time}'s second,
     * which is there for other programs that write into the lake's folders.
     */
    public static final Map<String, String> CONFIG_DEFAULTS = Map.of("jobs.shuffle-partitions", "2", "serve.notifications.settle-time", "100ms");

    private final Supplier<PlatformWiring> platform;
    private final Supplier<LakeLocations> locations;
    private final Supplier<DiffWiring> diff;
    private final Supplier<QueueWiring> queues;
    private final Supplier<PublishWiring> publish;
    private final Supplier<MarketWiring> market;
    private final Supplier<JobsWiring> jobs;
    private final Supplier<GovernanceWiring> governance;
    private final Supplier<QueryWiring> query;
    private final Supplier<ApiLoadWiring> apiLoad;
    private final Supplier<StateMachineWiring> machines;

    @Spec
    CommandSpec spec;

    // the demo runs every pipeline: it uses every feature's wiring
    DemoCommand(Supplier<PlatformWiring> platform, Supplier<LakeLocations> locations, Supplier<DiffWiring> diff, Supplier<QueueWiring> queues,
            Supplier<PublishWiring> publish, Supplier<MarketWiring> market, Supplier<JobsWiring> jobs, Supplier<GovernanceWiring> governance,
            Supplier<QueryWiring> query, Supplier<ApiLoadWiring> apiLoad, Supplier<StateMachineWiring> machines) {
        this.platform = platform;
        this.locations = locations;
        this.diff = diff;
        this.queues = queues;
        this.publish = publish;
        this.market = market;
        this.jobs = jobs;
        this.governance = governance;
        this.query = query;
        this.apiLoad = apiLoad;
        this.machines = machines;
    }

    @Override
    public void run() {
        PlatformWiring workspace = platform.get();
        if (workspace.profile() != Profile.LOCAL) {
            throw LagoaException.userError("lagoa demo runs on the local profile (embedded components); this workspace is set to %s",
                    workspace.profile().id());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Lagoa demo — workspace %s%n%n", workspace.home());
        diff(workspace, out);
    }

    private void diff(PlatformWiring workspace, PrintWriter out) {
        DiffWiring diffs = diff.get();
        LakeLocations lakeLocations = locations.get();
        LocalDate today = diffs.today();
        LocalDate yesterday = today.minusDays(1);
        ObjectStore lake = diffs.objectStore();
        lake.createBucket(DEMO_BUCKET);
        String yesterdayPrefix = "snapshots/produtos/" + yesterday + "/";
        String todayPrefix = "snapshots/produtos/" + today + "/";
        PutOptions json = PutOptions.contentType("application/json");
        lake.put(DEMO_BUCKET, ObjectKey.of(yesterdayPrefix + "produtos.jsonl"), resource("ontem-produtos.jsonl"), json);
        lake.put(DEMO_BUCKET, ObjectKey.of(todayPrefix + "produtos-1.json"), resource("hoje-produtos-1.json"), json);
        lake.put(DEMO_BUCKET, ObjectKey.of(todayPrefix + "produtos-2.jsonl.gz"), gzip(resource("hoje-produtos-2.jsonl")),
                PutOptions.contentType("application/gzip"));
        String yesterdayUri = "s3://" + DEMO_BUCKET + "/" + yesterdayPrefix;
        String todayUri = "s3://" + DEMO_BUCKET + "/" + todayPrefix;
        out.printf("1. diff — yesterday's and today's product catalogue, compared by id%n");
        out.printf("   landed %s (JSON Lines, one malformed line)%n", yesterdayUri);
        out.printf("   landed %s (a JSON array and gzipped JSON Lines, one record without id)%n", todayUri);
        out.flush();

        DiffRun.Outcome outcome = DiffRun.run(diffs, new DiffRun.Request(yesterdayUri, todayUri, "id", today, null, "atualizado_em",
                false, false, 5L), spec.commandLine().getErr());
        DiffRun.report(diffs, outcome, out, false);
        DiffManifest manifest = outcome.manifest().orElseThrow(() ->
                new LagoaException(ErrorCode.INTERNAL_ERROR, "The diff run " + outcome.run().id() + " wrote no manifest"));
        String dayFolder = lakeLocations.display(manifest.output().location());
        out.printf("%n   Files: %s in %s%n", dayFolder, lakeLocations.lakeFolder());
        out.printf("   The changes, as Kafka consumers will read them (op, key, what changed):%n");
        manifest.output().files().stream().findFirst().flatMap(file -> lakeLocations.readText(dayFolder + file.name())).ifPresent(text -> text.lines()
                .map(DemoCommand::parse)
                .sorted(java.util.Comparator.comparing((JsonNode change) -> change.path("op").asText())
                        .thenComparing(change -> change.path("key").path("id").asLong()))
                .forEach(change -> out.printf("     %s %-10s %s%n", change.path("op").asText(), change.path("key"), describe(change))));
        out.printf("%nThe local platform (what lagoa serve keeps running):%n");
        out.flush();
        try (LocalPlatform local = workspace.start(out)) {
            notifications(queues.get(), local, out);
            publish(publish.get(), today, out);
            MarketDemo markets = new MarketDemo(market.get(), jobs.get(), governance.get(), query.get(), local);
            try (MarketReplayServer replay = MarketReplayServer.start()) {
                markets.ibov(replay.baseUrl(), out);
                markets.quotes(replay.baseUrl(), out);
            }
            ApiLoadDemo.run(apiLoad.get(), lakeLocations, out);
            ImportauDemo.run(machines.get(), query.get(), out);
        }
        out.printf("%nNext: lagoa console (the web console) · lagoa serve · lagoa schedules · lagoa queue receive %s · lagoa jobs runs · lagoa catalog list · "
                + "lagoa sql \"select * from petr4_mensal\" · lagoa pipelines show ibov%n", DiffPipeline.EVENTS_QUEUE);
    }

    /** Story 2: every new change file of the day put an S3 event on the queue. */
    private static void notifications(QueueWiring queues, LocalPlatform platform, PrintWriter out) {
        out.printf("%n2. notifications — each new change file puts an S3 event notification on the queue %s%n", DiffPipeline.EVENTS_QUEUE);
        int sent = platform.notifyCreatedObjects();
        long waiting = queues.messageQueue().approximateCount(DiffPipeline.EVENTS_QUEUE);
        out.printf("   %d new notification%s sent; %d message%s waiting on %s. One of them, as a consumer reads it:%n", sent, sent == 1 ? "" : "s",
                waiting, waiting == 1 ? "" : "s", DiffPipeline.EVENTS_QUEUE);
        // received, not deleted: it becomes visible again for the real consumers after the visibility timeout
        queues.messageQueue().receive(DiffPipeline.EVENTS_QUEUE, 1, Duration.ofSeconds(2)).stream()
                .flatMap(message -> queues.objectCreatedEvents(message.body()).stream())
                .findFirst()
                .ifPresent(event -> out.printf("     %s %s  (date %s, %,d bytes, eTag %s)%n", event.eventName(), event.uri(),
                        event.dateFromPath().map(Object::toString).orElse("-"), event.size(), event.eTag()));
        out.flush();
    }

    /** Story 3: the 02:00 task, run now, and a read_committed consumer reading the topic back. */
    private static void publish(PublishWiring publish, LocalDate today, PrintWriter out) {
        String topic = publish.kafkaConfig().topic();
        out.printf("%n3. publisher — the 02:00 task, run now: the day's changes to the Kafka topic %s, each file exactly once%n", topic);
        PublishResult result = PublishCommand.publishDay(publish, today, false, out);
        PublishCommand.print(result, out);
        LagoaException failure = DiffPublisher.failure(result);
        if (failure != null) {
            throw failure;
        }
        Map<String, Long> counts = publish.topicCountsByOp(topic, today);
        out.printf("   read back by a read_committed consumer: %d records of %s on %s — %s%n", counts.values().stream().mapToLong(Long::longValue).sum(),
                today, topic, counts);
        PublishResult again = PublishCommand.publishDay(publish, today, false, new java.io.PrintWriter(java.io.Writer.nullWriter()));
        out.printf("   published again: %d new record%s (the day is already on the topic)%n", again.records(), again.records() == 1 ? "" : "s");
        out.flush();
    }

    private static JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code nome} of an insert or delete; {@code path: before → after} for each changed path of an update. */
    static String describe(JsonNode change) {
        return switch (change.path("op").asText()) {
            case "c" -> "new: " + change.path("after").path("nome").asText();
            case "d" -> "gone: " + change.path("before").path("nome").asText();
            default -> {
                List<String> parts = new ArrayList<>();
                change.path("changed_fields").forEach(path -> parts.add("%s: %s → %s".formatted(path.asText(),
                        at(change.path("before"), path.asText()), at(change.path("after"), path.asText()))));
                yield String.join("; ", parts);
            }
        };
    }

    /** The value at a changed-field path such as {@code estoque.quantidade} or {@code tags[1]}; "(absent)" when there is none. */
    static String at(JsonNode record, String path) {
        JsonNode node = record;
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            node = node.path(bracket < 0 ? part : part.substring(0, bracket));
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                node = node.path(Integer.parseInt(part.substring(bracket + 1, close)));
                bracket = part.indexOf('[', close);
            }
        }
        return node.isMissingNode() ? "(absent)" : node.toString();
    }

    private static byte[] resource(String name) {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/diff/" + name)) {
            if (in == null) {
                throw new LagoaException(ErrorCode.INTERNAL_ERROR, "The demo data " + name + " is missing from the distribution");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
