package dev.lagoa.governance.discovery;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.pipeline.Layer;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A search of the discovery index.
 *
 * @param query words to look for, in Portuguese or English; {@code "quoted words"} for a phrase, {@code prefix*}, {@code -word}
 *              to exclude, {@code a | b} for either. Any other character is taken as text, so no query is a syntax error.
 * @param types the asset types to keep; empty keeps every type
 * @param layer the layer to keep, if any
 * @param limit how many hits at most, 1 to {@value #MAX_LIMIT}
 */
public record SearchRequest(String query, Set<AssetType> types, Optional<Layer> layer, int limit) {
    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 1000;

    public SearchRequest {
        requireNonNull(query, "query is null");
        requireNonNull(types, "types is null");
        types = types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
        requireNonNull(layer, "layer is null");
        if (query.isBlank()) {
            throw LagoaException.userError("Empty search query: give the words to look for");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw LagoaException.userError("Invalid limit %d: from 1 to %d", limit, MAX_LIMIT);
        }
    }

    /** Every type, every layer, {@value #DEFAULT_LIMIT} hits. */
    public static SearchRequest of(String query) {
        return new SearchRequest(query, Set.of(), Optional.empty(), DEFAULT_LIMIT);
    }

    public SearchRequest withTypes(Set<AssetType> types) {
        return new SearchRequest(query, types, layer, limit);
    }

    public SearchRequest withLayer(Layer layer) {
        return new SearchRequest(query, types, Optional.of(layer), limit);
    }

    public SearchRequest withLimit(int limit) {
        return new SearchRequest(query, types, layer, limit);
    }
}
