package dev.lagoa.local.notify;

import static java.util.Objects.requireNonNull;

import dev.lagoa.contracts.LakePaths;
import dev.lagoa.core.event.Notification;
import dev.lagoa.core.event.ObjectCreated;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.local.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3 event notifications for the local lake. Whoever writes a file into the lake — a Spark job, the CLI, a person
 * copying a file — the dispatcher finds it on its next scan and sends one S3-shaped message per matching
 * notification, dated ({@code eventTime}) when the file landed (its inode change time, which {@code cp -p} and
 * {@code rsync -a} cannot set back, and never later than the scan), with a sequencer that grows with every message. The ledger makes delivery at least once and never twice for the same write: a message is recorded
 * only after it was delivered, and an object is notified again only when it is written again. Files still being
 * written (modified less than {@code settle} ago) wait for the next scan; temporary and hidden files of writers (a
 * path segment starting with {@code _} or {@code .}) never notify.
 */
public final class LakeNotificationDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LakeNotificationDispatcher.class);

    /** A notification resolved to a bucket and key prefix of the lake. */
    public record Route(Notification notification, BucketName bucket, String prefix) {
        public Route {
            requireNonNull(notification, "notification is null");
            requireNonNull(bucket, "bucket is null");
            requireNonNull(prefix, "prefix is null");
        }

        boolean matches(String key) {
            return key.startsWith(prefix) && key.endsWith(notification.suffix()) && !LakePaths.isHidden(key);
        }
    }

    /** Sends one message to a notification's target; throws when it could not. */
    @FunctionalInterface
    public interface Delivery {
        void deliver(Notification.Target target, String message);
    }

    /**
     * Hears what happens to each event. {@link #notDelivered} is called once per object and reason: an event that keeps
     * failing for the same reason (a job at its limit of runs in flight) is tried again at every scan, silently.
     * {@link #LOGGING} logs both.
     */
    public interface Listener {
        void delivered(Route route, ObjectCreated event, Duration took);

        /** The event was not delivered and will be tried again at a later scan. */
        void notDelivered(Route route, ObjectCreated event, Exception error);

        /** Logs deliveries at INFO, failures at WARN in one line (their stack trace at DEBUG). */
        Listener LOGGING = new Listener() {
            @Override
            public void delivered(Route route, ObjectCreated event, Duration took) {
                LOG.info("Notified {} of s3://{}/{} in {} ms", route.notification().id(), route.bucket(), event.key(), took.toMillis());
            }

            @Override
            public void notDelivered(Route route, ObjectCreated event, Exception error) {
                LOG.warn("Cannot notify {} of s3://{}/{} (will retry): {}", route.notification().id(), route.bucket(), event.key(), error.getMessage());
                LOG.debug("Cannot notify {} of s3://{}/{}", route.notification().id(), route.bucket(), event.key(), error);
            }
        };
    }

    /** What one scan did. */
    public record ScanResult(int delivered, int failed) {}

    private final Workspace workspace;
    private final List<Route> routes;
    private final NotificationLedger ledger;
    private final Delivery delivery;
    private final String region;
    private final Duration settle;
    private final Clock clock;
    private final Listener listener;
    /** The reason each object's event was last not delivered, by notification, bucket and key: told once. */
    private final Map<String, String> failing = new HashMap<>();
    private ScheduledExecutorService scheduler;

    public LakeNotificationDispatcher(Workspace workspace, List<Route> routes, NotificationLedger ledger, Delivery delivery, String region,
            Duration settle, Clock clock) {
        this(workspace, routes, ledger, delivery, region, settle, clock, Listener.LOGGING);
    }

    public LakeNotificationDispatcher(Workspace workspace, List<Route> routes, NotificationLedger ledger, Delivery delivery, String region,
            Duration settle, Clock clock, Listener listener) {
        this.listener = requireNonNull(listener, "listener is null");
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.routes = List.copyOf(requireNonNull(routes, "routes is null"));
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.delivery = requireNonNull(delivery, "delivery is null");
        this.region = requireNonNull(region, "region is null");
        this.settle = requireNonNull(settle, "settle is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * When a file landed in the lake: its inode change time, which copying tools cannot set back (unlike the mtime),
     * and never later than {@code now}; {@code now} where the file system keeps no change time.
     */
    static Instant landed(Path file, Instant now) {
        try {
            Instant changed = ((FileTime) Files.getAttribute(file, "unix:ctime")).toInstant();
            return changed.isBefore(now) ? changed : now;
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return now;
        }
    }

    /** Scans every route once and delivers what is new. */
    public synchronized ScanResult scan() {
        int delivered = 0;
        int failed = 0;
        Instant settledBefore = clock.instant().minus(settle);
        for (Route route : routes) {
            for (Path file : candidates(route)) {
                String key = key(route.bucket(), file);
                ObjectCreated event = null;
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    long modified = attributes.lastModifiedTime().toMillis();
                    if (Instant.ofEpochMilli(modified).isAfter(settledBefore)) {
                        continue; // still being written, perhaps: next scan
                    }
                    var previous = ledger.find(route.notification().id(), route.bucket().value(), key);
                    if (previous.isPresent() && previous.get().size() == attributes.size() && previous.get().modifiedMillis() == modified) {
                        continue;
                    }
                    String eTag = md5(file);
                    Instant now = clock.instant();
                    String sequencer = ledger.nextSequencer(now);
                    // not the file's mtime: cp -p and rsync -a keep an old one, and consumers compare eventTime with what ran since
                    event = new ObjectCreated(route.bucket(), ObjectKey.of(key), attributes.size(), eTag, sequencer,
                            landed(file, now), "ObjectCreated:Put");
                    long started = System.nanoTime();
                    delivery.deliver(route.notification().target(), S3EventMessages.toJson(event, route.notification().id(), region));
                    ledger.record(route.notification().id(), route.bucket().value(), key,
                            new NotificationLedger.Entry(attributes.size(), modified, eTag, sequencer, now));
                    delivered++;
                    failing.remove(failingKey(route, key));
                    listener.delivered(route, event, Duration.ofNanos(System.nanoTime() - started));
                } catch (IOException | RuntimeException e) {
                    failed++;
                    String reason = String.valueOf(e.getMessage());
                    if (reason.equals(failing.put(failingKey(route, key), reason))) {
                        LOG.debug("Cannot notify {} of s3://{}/{} (will retry): {}", route.notification().id(), route.bucket(), key, reason, e);
                    } else if (event == null) {
                        LOG.warn("Cannot notify {} of s3://{}/{} (will retry): {}", route.notification().id(), route.bucket(), key, reason);
                    } else {
                        listener.notDelivered(route, event, e);
                    }
                }
            }
        }
        return new ScanResult(delivered, failed);
    }

    /** Scans every {@code interval} in the background until closed. */
    public synchronized void start(Duration interval) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lagoa-notifications");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                scan();
            } catch (RuntimeException e) {
                LOG.warn("Notification scan failed: {}", e.getMessage(), e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private List<Path> candidates(Route route) {
        Path bucketFolder = workspace.bucketFolder(route.bucket());
        int slash = route.prefix().lastIndexOf('/');
        Path start = slash < 0 ? bucketFolder : workspace.pathOf(route.bucket(), route.prefix().substring(0, slash + 1));
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(start)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(start)) {
            paths.filter(Files::isRegularFile)
                    .filter(path -> {
                        String key = key(route.bucket(), path);
                        return ObjectKey.problem(key) == null && route.matches(key);
                    })
                    .sorted()
                    .forEach(files::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warn("Cannot scan {}: {}", start, e.getMessage());
        }
        return files;
    }

    private static String failingKey(Route route, String key) {
        return route.notification().id() + "\n" + route.bucket() + "\n" + key;
    }

    private String key(BucketName bucket, Path file) {
        StringBuilder key = new StringBuilder();
        for (Path segment : workspace.bucketFolder(bucket).relativize(file)) {
            key.append(key.length() == 0 ? "" : "/").append(segment);
        }
        return key.toString();
    }

    private static String md5(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }
}
