package dev.lagoa.governance.sync;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lineage.LineageSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Sends the OpenLineage events of the workspace ({@code lineage/events/*.jsonl}, one event per line, appended as runs
 * happen) to a {@link LineageSink}, and remembers, per sink and file, how far it sent: the next push sends only the
 * lines added since. Only complete lines (ending with a line break) are sent, so a file being written is picked up
 * where its writer is. A file shorter than what was sent was replaced: it is sent again from its start. Lines that are
 * not JSON objects are not sent; the result names them.
 *
 * <p>The state is a JSON file, {@code {"<sink>": {"<file>": <bytes sent>}}}, written after each batch of
 * {@value #BATCH} events, so a push that fails midway resends at most one batch.
 */
public final class LineagePush {
    static final int BATCH = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LineageSink sink;
    private final Path eventsFolder;
    private final Path stateFile;

    /** A push of {@code eventsFolder}'s files to {@code sink}, remembering what was sent in {@code stateFile}. */
    public LineagePush(LineageSink sink, Path eventsFolder, Path stateFile) {
        this.sink = requireNonNull(sink, "sink is null");
        this.eventsFolder = requireNonNull(eventsFolder, "eventsFolder is null");
        this.stateFile = requireNonNull(stateFile, "stateFile is null");
    }

    /** What a push did. */
    public record Result(boolean folderExists, int files, int sent, List<String> rejected, List<String> restarted) {
        public Result {
            rejected = List.copyOf(rejected);
            restarted = List.copyOf(restarted);
        }
    }

    /** Sends what was not sent yet; nothing (and says so) when the events folder does not exist. */
    public Result push() {
        if (!Files.isDirectory(eventsFolder)) {
            return new Result(false, 0, 0, List.of(), List.of());
        }
        Map<String, Map<String, Long>> state = readState();
        Map<String, Long> offsets = state.computeIfAbsent(sink.describe(), target -> new TreeMap<>());
        List<Path> files;
        try (Stream<Path> listed = Files.list(eventsFolder)) {
            files = listed.filter(path -> path.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(path)).sorted().toList();
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot list the lineage events in %s: %s".formatted(eventsFolder, e.getMessage()), e);
        }
        int sent = 0;
        List<String> rejected = new ArrayList<>();
        List<String> restarted = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            byte[] content = read(file);
            long offset = offsets.getOrDefault(name, 0L);
            if (offset > content.length) {
                restarted.add(name);
                offset = 0;
            }
            int end = lastLineBreak(content);
            if (end < offset) {
                continue;
            }
            List<String> batch = new ArrayList<>();
            long batchEnd = offset;
            int start = (int) offset;
            int lineNumber = countLines(content, start);
            for (int position = start; position <= end; position++) {
                if (content[position] != '\n') {
                    continue;
                }
                lineNumber++;
                String line = new String(Arrays.copyOfRange(content, start, position), StandardCharsets.UTF_8).strip();
                start = position + 1;
                batchEnd = start;
                if (!line.isEmpty()) {
                    if (isJsonObject(line)) {
                        batch.add(line);
                    } else {
                        rejected.add("%s line %d: not a JSON object".formatted(name, lineNumber));
                    }
                }
                if (batch.size() == BATCH) {
                    sink.send(batch);
                    sent += batch.size();
                    batch = new ArrayList<>();
                    offsets.put(name, batchEnd);
                    writeState(state);
                }
            }
            if (!batch.isEmpty()) {
                sink.send(batch);
                sent += batch.size();
            }
            offsets.put(name, batchEnd);
            writeState(state);
        }
        return new Result(true, files.size(), sent, rejected, restarted);
    }

    private static boolean isJsonObject(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static int lastLineBreak(byte[] content) {
        for (int i = content.length - 1; i >= 0; i--) {
            if (content[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int countLines(byte[] content, int end) {
        int lines = 0;
        for (int i = 0; i < end; i++) {
            if (content[i] == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot read the lineage events %s: %s".formatted(file, e.getMessage()), e);
        }
    }

    private Map<String, Map<String, Long>> readState() {
        if (!Files.exists(stateFile)) {
            return new TreeMap<>();
        }
        try {
            Map<String, Map<String, Long>> state = JSON.readValue(stateFile.toFile(), new TypeReference<TreeMap<String, Map<String, Long>>>() {});
            Map<String, Map<String, Long>> copy = new TreeMap<>();
            state.forEach((target, files) -> copy.put(target, new TreeMap<>(files)));
            return copy;
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.METADATA_STORE_ERROR, "Cannot read what was pushed from %s: %s".formatted(stateFile, e.getMessage()), e);
        }
    }

    /** Written to a temporary file and moved into place, so a crash leaves the old state or the new. */
    private void writeState(Map<String, Map<String, Long>> state) {
        try {
            Files.createDirectories(stateFile.toAbsolutePath().getParent());
            Path temporary = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), state);
            Files.move(temporary, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.METADATA_STORE_ERROR, "Cannot record what was pushed in %s: %s".formatted(stateFile, e.getMessage()), e);
        }
    }
}
