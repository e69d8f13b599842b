package dev.lagoa.governance.classify;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The list of dismissed PII tags a person keeps: one JSON file, {@value #FILE_NAME}, in a folder of the workspace
 * (readable, diffable, and kept in version control if the team wants a review of every dismissal). Re-classifying a
 * column never brings a dismissed tag back: {@link PiiClassifier#classify(String, String, java.util.Collection,
 * DismissalStore)} reports it apart. Every call reads the file again, so several Lagoa processes see each other's
 * dismissals; changes hold a file lock and replace the file atomically. Thread-safe.
 */
public final class DismissalStore {
    public static final String FILE_NAME = "pii-dismissals.json";
    private static final String LOCK_FILE_NAME = FILE_NAME + ".lock";
    private static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Comparator<Dismissal> ORDER = Comparator.comparing((Dismissal dismissal) -> Dismissal.key(dismissal.dataset()))
            .thenComparing(dismissal -> Dismissal.key(dismissal.column()))
            .thenComparing(Dismissal::tag);
    /** File locks are held per JVM, not per thread: changes in one JVM are serialised here first. */
    private static final Object CHANGES = new Object();

    private final Path folder;
    private final Clock clock;

    private DismissalStore(Path folder, Clock clock) {
        this.folder = requireNonNull(folder, "folder is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The store in {@code folder}; the folder and the file are created by the first dismissal. */
    public static DismissalStore open(Path folder) {
        return open(folder, Clock.systemUTC());
    }

    public static DismissalStore open(Path folder, Clock clock) {
        return new DismissalStore(folder, clock);
    }

    /** The JSON file the dismissals are kept in. */
    public Path file() {
        return folder.resolve(FILE_NAME);
    }

    /**
     * Dismisses {@code tag} on {@code dataset.column}, replacing an earlier dismissal of the same tag there.
     *
     * @return the dismissal as kept
     * @throws LagoaException (USER) when a name, the reason or who is blank, too long or spans lines; (INTERNAL) when the
     *     file cannot be read or written
     */
    public Dismissal dismiss(String dataset, String column, PiiTag tag, String reason, String who) {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(column, "column is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(who, "who is null");
        Dismissal dismissal = new Dismissal(dataset.strip(), column.strip(), tag, reason.strip(), who.strip(), clock.instant());
        change(dismissals -> {
            List<Dismissal> changed = new ArrayList<>(dismissals);
            changed.removeIf(existing -> existing.appliesTo(dataset, column, tag));
            changed.add(dismissal);
            return changed;
        });
        return dismissal;
    }

    /**
     * Takes back the dismissal of {@code tag} on {@code dataset.column}: the next classification tags the column again.
     *
     * @return whether there was such a dismissal
     */
    public boolean remove(String dataset, String column, PiiTag tag) {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(column, "column is null");
        requireNonNull(tag, "tag is null");
        if (find(dataset, column, tag).isEmpty()) {
            return false;
        }
        boolean[] removed = new boolean[1];
        change(dismissals -> {
            List<Dismissal> changed = new ArrayList<>(dismissals);
            removed[0] = changed.removeIf(existing -> existing.appliesTo(dataset, column, tag));
            return changed;
        });
        return removed[0];
    }

    /** Every dismissal, by dataset, column and tag. */
    public List<Dismissal> list() {
        return read();
    }

    /** The dismissals of one dataset's columns. */
    public List<Dismissal> list(String dataset) {
        requireNonNull(dataset, "dataset is null");
        return read().stream().filter(dismissal -> Dismissal.key(dismissal.dataset()).equals(Dismissal.key(dataset))).toList();
    }

    /** The dismissals of one column. */
    public List<Dismissal> list(String dataset, String column) {
        requireNonNull(column, "column is null");
        return list(dataset).stream().filter(dismissal -> Dismissal.key(dismissal.column()).equals(Dismissal.key(column))).toList();
    }

    /** The dismissal of {@code tag} on {@code dataset.column}, if a person made one. */
    public Optional<Dismissal> find(String dataset, String column, PiiTag tag) {
        requireNonNull(tag, "tag is null");
        return list(dataset, column).stream().filter(dismissal -> dismissal.tag() == tag).findFirst();
    }

    private void change(UnaryOperator<List<Dismissal>> update) {
        synchronized (CHANGES) {
            try {
                Files.createDirectories(folder);
                try (FileChannel lockChannel = FileChannel.open(folder.resolve(LOCK_FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock ignored = lockChannel.lock()) {
                    write(update.apply(read()));
                }
            } catch (IOException e) {
                throw new LagoaException(ErrorCode.METADATA_STORE_ERROR, "Cannot write the PII dismissals %s: %s".formatted(file(), e.getMessage()), e);
            }
        }
    }

    private List<Dismissal> read() {
        byte[] content;
        try {
            content = Files.readAllBytes(file());
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.METADATA_STORE_ERROR, "Cannot read the PII dismissals %s: %s".formatted(file(), e.getMessage()), e);
        }
        try {
            JsonNode root = JSON.readTree(content);
            if (root == null || !root.path("dismissals").isArray()) {
                throw LagoaException.userError("no \"dismissals\" array");
            }
            List<Dismissal> dismissals = new ArrayList<>();
            for (JsonNode node : root.path("dismissals")) {
                dismissals.add(new Dismissal(text(node, "dataset"), text(node, "column"), PiiTag.parse(text(node, "tag")), text(node, "reason"),
                        text(node, "who"), Instant.parse(text(node, "dismissedAt"))));
            }
            dismissals.sort(ORDER);
            return List.copyOf(dismissals);
        } catch (IOException | DateTimeParseException | LagoaException e) {
            throw malformed(e.getMessage());
        }
    }

    private void write(List<Dismissal> dismissals) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", FORMAT_VERSION);
        ArrayNode array = root.putArray("dismissals");
        for (Dismissal dismissal : dismissals.stream().sorted(ORDER).toList()) {
            array.addObject()
                    .put("dataset", dismissal.dataset())
                    .put("column", dismissal.column())
                    .put("tag", dismissal.tag().value())
                    .put("reason", dismissal.reason())
                    .put("who", dismissal.who())
                    .put("dismissedAt", dismissal.dismissedAt().toString());
        }
        Path temporary = folder.resolve(FILE_NAME + ".tmp");
        Files.write(temporary, JSON.writeValueAsBytes(root));
        Files.move(temporary, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw LagoaException.userError("a dismissal has no text field \"%s\"", field);
        }
        return value.asText();
    }

    private LagoaException malformed(String problem) {
        return new LagoaException(ErrorCode.METADATA_STORE_ERROR, "Cannot read the PII dismissals %s: %s".formatted(file(), problem));
    }
}
