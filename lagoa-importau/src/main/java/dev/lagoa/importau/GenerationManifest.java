package dev.lagoa.importau;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.PutOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The generation manifest of the lake's Bronze, {@code bronze/_geracao.json}: what the last generation was asked and
 * wrote ({@link BronzeGenerator.Result#toMap()}) and when, as indented JSON. The Bronze check compares a request with
 * it. Arguments are never null.
 */
final class GenerationManifest {
    /** The manifest's key: under {@code bronze/} but in no dataset's folder, and hidden, so no reader takes it for data. */
    static final String KEY = "bronze/_geracao.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectStore objectStore;
    private final BucketName bucket;

    GenerationManifest(ObjectStore objectStore, BucketName bucket) {
        this.objectStore = requireNonNull(objectStore, "objectStore is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
    }

    /**
     * Writes the manifest of a generation that ended at {@code generatedAt}.
     *
     * @throws JsonProcessingException when the result cannot be written as JSON
     */
    void write(BronzeGenerator.Result result, Instant generatedAt) throws JsonProcessingException {
        Map<String, Object> manifest = new LinkedHashMap<>(result.toMap());
        manifest.put("gerado_em", generatedAt.toString());
        objectStore.put(bucket, ObjectKey.of(KEY), JSON.writeValueAsBytes(manifest), PutOptions.contentType("application/json"));
    }

    /**
     * The manifest, if the lake has one.
     *
     * @throws UncheckedIOException when it is not JSON
     */
    Optional<Map<String, Object>> read() {
        if (!objectStore.exists(bucket, ObjectKey.of(KEY))) {
            return Optional.empty();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> manifest = JSON.readValue(objectStore.getBytes(bucket, ObjectKey.of(KEY)), Map.class);
            return Optional.of(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
