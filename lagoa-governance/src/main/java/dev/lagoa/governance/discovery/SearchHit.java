package dev.lagoa.governance.discovery;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One result of a search, best first.
 *
 * @param asset           what was found
 * @param score           its relevance (only comparable within one search)
 * @param highlightedName the asset's name with the matched words between {@value #HIGHLIGHT_START} and {@value #HIGHLIGHT_END}
 * @param snippet         the passage of the description that matches best, highlighted the same way; its beginning when
 *                        only other fields matched; empty when it has no description
 */
public record SearchHit(Asset asset, float score, String highlightedName, String snippet) {
    public static final String HIGHLIGHT_START = "<<";
    public static final String HIGHLIGHT_END = ">>";

    public SearchHit {
        requireNonNull(asset, "asset is null");
        requireNonNull(highlightedName, "highlightedName is null");
        requireNonNull(snippet, "snippet is null");
    }

    /**
     * The hit for a terminal, on two lines (one when there is no snippet): rank, type, the highlighted name qualified by
     * what holds it, layer and pipeline; then the snippet, indented.
     * <pre>
     * 1. dataset agregado-previsao-demanda-&lt;&lt;cambio&gt;&gt; (gold, importau)
     *    Agregado para aprendizado de máquina: previsão de demanda e &lt;&lt;risco&gt;&gt; &lt;&lt;cambial&gt;&gt; (Forecast) ...
     * </pre>
     */
    public String toText(int rank) {
        StringBuilder text = new StringBuilder().append(rank).append(". ").append(asset.type().label()).append(' ');
        if (asset.type() == AssetType.COLUMN || asset.type() == AssetType.STEP) {
            asset.parent().ifPresent(parent -> text.append(parent).append('.'));
        }
        text.append(highlightedName);
        List<String> context = new ArrayList<>();
        asset.layer().ifPresent(layer -> context.add(layer.name().toLowerCase(Locale.ROOT)));
        asset.pipeline().ifPresent(context::add);
        if (!context.isEmpty()) {
            text.append(" (").append(String.join(", ", context)).append(')');
        }
        if (!snippet.isEmpty()) {
            text.append(System.lineSeparator()).append(" ".repeat(String.valueOf(rank).length() + 2)).append(snippet);
        }
        return text.toString();
    }

    /** The hit as {@code lagoa search --json} and the console's {@code /api/search} write it (an insertion-ordered map). */
    public java.util.Map<String, Object> document() {
        java.util.Map<String, Object> document = new java.util.LinkedHashMap<>();
        document.put("id", asset.id());
        document.put("type", asset.type().name().toLowerCase(Locale.ROOT));
        document.put("name", asset.name());
        document.put("title", asset.title());
        document.put("description", asset.description());
        document.put("owner", asset.owner());
        document.put("tags", asset.tags());
        document.put("layer", asset.layer().map(value -> value.name().toLowerCase(Locale.ROOT)).orElse(null));
        document.put("pipeline", asset.pipeline().orElse(null));
        document.put("parent", asset.parent().orElse(null));
        document.put("score", score);
        document.put("snippet", snippet);
        return document;
    }
}
