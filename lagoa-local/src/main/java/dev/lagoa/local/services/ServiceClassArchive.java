package dev.lagoa.local.services;

import dev.lagoa.local.JobClassArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class data sharing archive (Java AppCDS) of a service's classpath, so that its JVM (Kafka's, ElasticMQ's) starts
 * with its classes already parsed and verified: about a second sooner, and with less CPU while the other services and
 * the warm job JVM start beside it. One archive per service, JDK and classpath, in the folder of the jobs' archives.
 *
 * <p>A service started when there is none records one as it stops ({@code -XX:ArchiveClassesAtExit}, into a file of its
 * own process); once it has stopped, the file is named the archive if a JVM maps it, and later starts map it. A
 * recording that a clean stop left unusable is not tried again for that classpath (the reason is in a file beside
 * it); a service that was killed leaves the way free for the next start. Classpaths with folders are not archived: the
 * JVM archives jars only.
 */
final class ServiceClassArchive {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceClassArchive.class);

    private final String service;
    private final String classpath;
    private final Path java;
    private final Path file;
    /** Where this start records the archive, when it does. */
    private Path recording;

    private ServiceClassArchive(String service, String classpath, Path java, Path file) {
        this.service = service;
        this.classpath = classpath;
        this.java = java;
        this.file = file;
    }

    /** The archive of {@code service} with {@code classpath} in {@code folder}; empty when the classpath cannot be archived. */
    static Optional<ServiceClassArchive> of(String service, String classpath, Path java, Path folder) {
        return JobClassArchive.fingerprint(classpath).map(id -> new ServiceClassArchive(service, classpath, java, folder.resolve(service + "-" + id + ".jsa")));
    }

    Path file() {
        return file;
    }

    /**
     * The JVM options of a start of the service (call once per start): the archive's once it is recorded, else those
     * that record it as the service stops (unless a recording for this classpath failed before).
     */
    List<String> javaOptions(long starter) {
        if (Files.isRegularFile(file)) {
            return List.of("-XX:SharedArchiveFile=" + file, "-Xshare:auto");
        }
        if (Files.exists(sibling(".failed"))) {
            return List.of();
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            LOG.debug("Cannot record the class archive of {}: {}", service, e.getMessage());
            return List.of();
        }
        recording = sibling("." + starter + "." + System.nanoTime() + ".partial");
        return List.of("-XX:ArchiveClassesAtExit=" + recording);
    }

    /**
     * After the service's JVM ended: names what it recorded the archive when a JVM maps it. {@code stopped}: it ended
     * as asked, not killed, so that an archive it did not leave usable is a failure.
     */
    void adopt(boolean stopped) {
        Path recorded = recording;
        if (recorded == null) {
            return;
        }
        recording = null;
        try {
            boolean written = Files.isRegularFile(recorded) && Files.size(recorded) > 0;
            if (Files.isRegularFile(file)) {
                return; // another start recorded it meanwhile
            }
            if (written && JobClassArchive.maps(List.of(java.toString()), recorded, classpath, sibling(".log"))) {
                Files.move(recorded, file, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("Recorded the class archive of {} ({}): it starts sooner from now on", service, file);
                JobClassArchive.deleteOlderArchives(file);
            } else if (stopped) {
                Files.writeString(sibling(".failed"), (written ? "the recorded archive does not map; see " + sibling(".log")
                        : "the service wrote no archive as it stopped") + "\n");
                LOG.warn("Cannot record the class archive of {} ({}): it starts without one", service, file);
            }
        } catch (IOException e) {
            LOG.debug("Cannot keep the class archive of {}: {}", service, e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(recorded);
            } catch (IOException e) {
                LOG.debug("Cannot delete {}: {}", recorded, e.getMessage());
            }
        }
    }

    private Path sibling(String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
