package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The folders of a local workspace that the wirings read: its lake ({@code s3://bucket/key} is
 * {@code <lake>/bucket/key}), its metadata and its OpenLineage run events. None is null.
 */
record WorkspaceFolders(Path lake, Path metadata, Path lineageEvents) {
    WorkspaceFolders {
        requireNonNull(lake, "lake is null");
        requireNonNull(metadata, "metadata is null");
        requireNonNull(lineageEvents, "lineageEvents is null");
    }
}
