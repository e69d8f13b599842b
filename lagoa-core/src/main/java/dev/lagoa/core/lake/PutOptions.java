package dev.lagoa.core.lake;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** Content type and user metadata of an object being written. */
public record PutOptions(String contentType, Map<String, String> userMetadata) {
    public static final PutOptions DEFAULT = new PutOptions("application/octet-stream", Map.of());

    public PutOptions {
        requireNonNull(contentType, "contentType is null");
        userMetadata = Map.copyOf(requireNonNull(userMetadata, "userMetadata is null"));
    }

    public static PutOptions contentType(String contentType) {
        return new PutOptions(contentType, Map.of());
    }
}
