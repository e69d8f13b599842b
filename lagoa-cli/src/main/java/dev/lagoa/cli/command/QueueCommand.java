package dev.lagoa.cli.command;

import dev.lagoa.cli.QueueWiring;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.event.ObjectCreated;
import dev.lagoa.core.queue.QueueMessage;
import dev.lagoa.core.queue.QueueName;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lagoa queue count|receive}: what waits on a pipeline's queue (ElasticMQ locally, SQS on AWS). */
@Command(mixinStandardHelpOptions = true, name = "queue", description = "Messages waiting on a queue: count, receive.",
        subcommands = {QueueCommand.Count.class, QueueCommand.Receive.class})
public final class QueueCommand {
    @Command(mixinStandardHelpOptions = true, name = "count", description = "How many messages wait on the queue (approximately, as SQS counts).")
    static final class Count implements Runnable {
        private final Supplier<QueueWiring> queues;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "QUEUE", description = "e.g. lagoa-diff-events")
        String queue;

        Count(Supplier<QueueWiring> queues) {
            this.queues = queues;
        }

        @Override
        public void run() {
            spec.commandLine().getOut().println(queues.get().messageQueue().approximateCount(QueueName.of(queue)));
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "receive",
            description = "Receives messages and shows the S3 events they carry; without --delete they return to the queue after its visibility timeout.")
    static final class Receive implements Runnable {
        private final Supplier<QueueWiring> queues;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "QUEUE", description = "e.g. lagoa-diff-events")
        String queue;

        @Option(names = "--max", defaultValue = "10", description = "At most this many messages, 1 to 10 (default: ${DEFAULT-VALUE}).")
        int max;

        @Option(names = "--wait", defaultValue = "2", description = "Seconds to wait for a first message, at most 20 (default: ${DEFAULT-VALUE}).")
        int waitSeconds;

        @Option(names = "--delete", description = "Deletes the messages received: they were handled.")
        boolean delete;

        @Option(names = "--json", description = "Prints the messages as JSON (body included).")
        boolean json;

        Receive(Supplier<QueueWiring> queues) {
            this.queues = queues;
        }

        @Override
        public void run() {
            if (waitSeconds < 0 || waitSeconds > 20) {
                throw LagoaException.userError("--wait must be between 0 and 20 seconds");
            }
            QueueWiring wiring = queues.get();
            QueueName name = QueueName.of(queue);
            List<QueueMessage> messages = wiring.messageQueue().receive(name, max, Duration.ofSeconds(waitSeconds));
            PrintWriter out = spec.commandLine().getOut();
            List<Map<String, Object>> documents = new ArrayList<>();
            for (QueueMessage message : messages) {
                List<ObjectCreated> events = wiring.objectCreatedEvents(message.body());
                if (json) {
                    Map<String, Object> document = new LinkedHashMap<>();
                    document.put("message_id", message.messageId());
                    document.put("receive_count", message.receiveCount());
                    document.put("events", events.stream().map(Receive::event).toList());
                    document.put("body", message.body());
                    documents.add(document);
                } else {
                    for (ObjectCreated event : events) {
                        out.printf("%s  %s  date %s  %,d bytes  eTag %s%n", event.eventName(), event.uri(),
                                event.dateFromPath().map(Object::toString).orElse("-"), event.size(), event.eTag());
                    }
                    if (events.isEmpty()) {
                        out.printf("(a message without object-created records: %s)%n", message.messageId());
                    }
                }
                if (delete) {
                    wiring.messageQueue().delete(name, message.receiptHandle());
                }
            }
            if (json) {
                out.println(Json.write(documents));
            } else if (messages.isEmpty()) {
                out.println("No message on " + queue + ".");
            }
        }

        static Map<String, Object> event(ObjectCreated event) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("bucket", event.bucket().value());
            document.put("key", event.key().value());
            document.put("date", event.dateFromPath().map(Object::toString).orElse(null));
            document.put("size", event.size());
            document.put("etag", event.eTag());
            document.put("sequencer", event.sequencer());
            document.put("event_time", event.eventTime().toString());
            return document;
        }
    }
}
