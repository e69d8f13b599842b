package dev.lagoa.core.event;

import dev.lagoa.contracts.FunctionHandler;
import static java.util.Objects.requireNonNull;

import dev.lagoa.core.queue.QueueName;

/**
 * An S3-style event notification a pipeline declares: objects created in a dataset's location whose key ends with
 * {@code suffix} notify {@code target}. Writers' temporary and hidden files (any path segment starting with
 * {@code _} or {@code .}, such as {@code _temporary/}, {@code _SUCCESS}, {@code .crc}, {@code _manifest.json}) never
 * notify.
 */
public record Notification(String id, String datasetId, String suffix, Target target) {
    public Notification {
        requireNonNull(id, "id is null");
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(suffix, "suffix is null");
        requireNonNull(target, "target is null");
    }

    /** Where a notification goes. */
    public sealed interface Target {
        /** An SQS queue (ElasticMQ locally). */
        record Queue(QueueName queue) implements Target {
            public Queue {
                requireNonNull(queue, "queue is null");
            }
        }

        /** A function: the class AWS Lambda runs, called in-process locally. */
        record Function(FunctionHandler handler) implements Target {
            public Function {
                requireNonNull(handler, "handler is null");
            }
        }
    }
}
