package dev.lagoa.governance.discovery;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.pipeline.Layer;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.search.uhighlight.WholeBreakIterator;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.store.NIOFSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;

/**
 * The full-text index of the lake's {@link Asset}s, with Portuguese analysis (see {@link DiscoveryAnalyzer}): in a folder
 * (the workspace's {@code metadata/search/}) or in memory.
 *
 * <p>{@link #update} makes the index hold exactly the given assets, rewriting only those whose content changed (each
 * document carries a hash of its asset), so updating with an unchanged catalog writes nothing. {@link #search} ranks by
 * relevance, with matches in the name weighing most, then the title, the tags, the description and the owner; a query that
 * is an asset's whole name puts it first.
 *
 * <p>Thread-safe. Many processes may search a folder at once; one at a time may update it (another gets
 * {@code STORAGE_ERROR}). A search sees the index as of the last finished update.
 */
public final class DiscoveryIndex implements Closeable {
    /** The index's folder under the workspace's metadata folder: {@code metadata/search/}. */
    public static final String METADATA_FOLDER = "search";

    /**
     * Changes whenever the analysis or the document layout changes: it is part of every document's hash, so the next
     * update rewrites every document.
     */
    static final String SCHEMA_VERSION = "1";

    static final String ID = "id";
    static final String TYPE = "type";
    static final String NAME = "name";
    static final String TITLE = "title";
    static final String TAGS = "tags";
    static final String DESCRIPTION = "description";
    static final String OWNER = "owner";
    static final String LAYER = "layer";
    static final String PIPELINE = "pipeline";
    static final String PARENT = "parent";
    static final String HASH = "hash";
    /** The whole name (and title), folded, for the boost of a query that is exactly an asset's name. */
    static final String NAME_KEY = "name.key";

    /** How much a match in each field weighs; the {@code .exact} twins reward the word as typed over its stem. */
    static final Map<String, Float> FIELD_WEIGHTS = Map.of(
            NAME, 4f, NAME + DiscoveryAnalyzer.EXACT, 2f,
            TITLE, 3f, TITLE + DiscoveryAnalyzer.EXACT, 1.5f,
            TAGS, 2f, TAGS + DiscoveryAnalyzer.EXACT, 1f,
            DESCRIPTION, 1f, DESCRIPTION + DiscoveryAnalyzer.EXACT, 0.5f,
            OWNER, 0.5f);
    private static final float NAME_KEY_BOOST = 10f;
    private static final float PROXIMITY_BOOST = 2f;
    private static final int PROXIMITY_SLOP = 2;
    private static final Pattern PLAIN_WORDS = Pattern.compile("[\\p{L}\\p{N}\\s_.,-]+");
    private static final int SNIPPET_LENGTH = 160;

    private final Directory directory;
    private final String location;
    private final DiscoveryAnalyzer indexAnalyzer = DiscoveryAnalyzer.forIndex();
    private final DiscoveryAnalyzer queryAnalyzer = DiscoveryAnalyzer.forQuery();
    private DirectoryReader reader;

    private DiscoveryIndex(Directory directory, String location) {
        this.directory = directory;
        this.location = location;
    }

    /**
     * Opens the index in {@code folder}, creating the folder if needed; an empty folder is an empty index. Throws
     * {@code STORAGE_ERROR} when the folder cannot be created or opened.
     */
    public static DiscoveryIndex open(Path folder) {
        requireNonNull(folder, "folder is null");
        try {
            Files.createDirectories(folder);
            // A small index read by short-lived commands: plain file reads, no memory maps to outlive the process's use.
            return new DiscoveryIndex(new NIOFSDirectory(folder), folder.toString());
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot open the search index at %s: %s".formatted(folder, e.getMessage()), e);
        }
    }

    /** An empty index in memory. */
    public static DiscoveryIndex inMemory() {
        return new DiscoveryIndex(new ByteBuffersDirectory(), "memory");
    }

    /**
     * Makes the index hold exactly {@code assets}: adds the new, rewrites the changed (by id), deletes those no longer
     * given, and writes nothing when nothing changed. Throws {@code INVALID_ARGUMENT} when two assets share an id, and
     * {@code STORAGE_ERROR} when the index cannot be written or another process is updating it.
     */
    public synchronized UpdateResult update(Collection<Asset> assets) {
        requireNonNull(assets, "assets is null");
        Map<String, Asset> byId = new LinkedHashMap<>();
        for (Asset asset : assets) {
            if (byId.putIfAbsent(asset.id(), asset) != null) {
                throw LagoaException.userError("Two assets share the id '%s'", asset.id());
            }
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        byId.forEach((id, asset) -> hashes.put(id, hash(asset)));
        try {
            if (DirectoryReader.indexExists(directory) && diff(indexedHashes(currentReader()), hashes).isEmpty()) {
                return new UpdateResult(0, 0, 0, hashes.size());
            }
            IndexWriterConfig config = new IndexWriterConfig(indexAnalyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setCommitOnClose(false);
            try (IndexWriter writer = new IndexWriter(directory, config)) {
                Map<String, String> indexed;
                // Read again under the writer's lock: another process may have updated the index since.
                try (DirectoryReader current = DirectoryReader.open(writer)) {
                    indexed = indexedHashes(current);
                }
                Changes changes = diff(indexed, hashes);
                for (String id : changes.deleted()) {
                    writer.deleteDocuments(new Term(ID, id));
                }
                for (String id : changes.written()) {
                    writer.updateDocument(new Term(ID, id), document(byId.get(id), hashes.get(id)));
                }
                if (!changes.isEmpty() || !DirectoryReader.indexExists(directory)) {
                    writer.commit();
                }
                return new UpdateResult(changes.added().size(), changes.updated().size(), changes.deleted().size(),
                        hashes.size() - changes.added().size() - changes.updated().size());
            }
        } catch (LockObtainFailedException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR,
                    "Cannot update the search index at %s: another process is updating it; try again when it finishes".formatted(location), e);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot update the search index at %s: %s".formatted(location, e.getMessage()), e);
        }
    }

    private record Changes(List<String> added, List<String> updated, List<String> deleted) {
        boolean isEmpty() {
            return added.isEmpty() && updated.isEmpty() && deleted.isEmpty();
        }

        List<String> written() {
            List<String> written = new ArrayList<>(added);
            written.addAll(updated);
            return written;
        }
    }

    private static Changes diff(Map<String, String> indexed, Map<String, String> wanted) {
        List<String> added = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        wanted.forEach((id, hash) -> {
            String old = indexed.get(id);
            if (old == null) {
                added.add(id);
            } else if (!old.equals(hash)) {
                updated.add(id);
            }
        });
        List<String> deleted = indexed.keySet().stream().filter(id -> !wanted.containsKey(id)).sorted().toList();
        return new Changes(added, updated, deleted);
    }

    private static Map<String, String> indexedHashes(DirectoryReader reader) throws IOException {
        Map<String, String> hashes = new HashMap<>();
        Set<String> fields = Set.of(ID, HASH);
        for (LeafReaderContext context : reader.leaves()) {
            LeafReader leaf = context.reader();
            Bits live = leaf.getLiveDocs();
            StoredFields stored = leaf.storedFields();
            for (int doc = 0; doc < leaf.maxDoc(); doc++) {
                if (live == null || live.get(doc)) {
                    Document document = stored.document(doc, fields);
                    hashes.put(document.get(ID), document.get(HASH));
                }
            }
        }
        return hashes;
    }

    /** How many assets the index holds. */
    public synchronized int size() {
        try {
            return DirectoryReader.indexExists(directory) ? currentReader().numDocs() : 0;
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot read the search index at %s: %s".formatted(location, e.getMessage()), e);
        }
    }

    /**
     * The assets that match, best first, at most {@code request.limit()}; none when the index is empty or the query holds
     * only stop words. Throws {@code STORAGE_ERROR} when the index cannot be read.
     */
    public synchronized List<SearchHit> search(SearchRequest request) {
        requireNonNull(request, "request is null");
        try {
            if (!DirectoryReader.indexExists(directory)) {
                return List.of();
            }
            Query text = textQuery(request.query());
            if (text instanceof MatchNoDocsQuery) {
                return List.of();
            }
            BooleanQuery.Builder query = new BooleanQuery.Builder()
                    .add(text, Occur.MUST)
                    .add(new BoostQuery(new TermQuery(new Term(NAME_KEY, key(request.query()))), NAME_KEY_BOOST), Occur.SHOULD);
            proximityQuery(request.query()).ifPresent(proximity -> query.add(proximity, Occur.SHOULD));
            if (!request.types().isEmpty()) {
                BooleanQuery.Builder types = new BooleanQuery.Builder();
                request.types().forEach(type -> types.add(new TermQuery(new Term(TYPE, type.label())), Occur.SHOULD));
                query.add(types.build(), Occur.FILTER);
            }
            request.layer().ifPresent(layer -> query.add(new TermQuery(new Term(LAYER, label(layer))), Occur.FILTER));
            IndexSearcher searcher = new IndexSearcher(currentReader());
            TopDocs top = searcher.search(query.build(), request.limit(), new Sort(SortField.FIELD_SCORE, new SortField(ID, SortField.Type.STRING)), true);
            if (top.scoreDocs.length == 0) {
                return List.of();
            }
            String[] names = highlighter(searcher, WholeBreakIterator::new).highlight(NAME, text, top);
            String[] snippets = highlighter(searcher,
                    () -> LengthGoalBreakIterator.createClosestToLength(BreakIterator.getSentenceInstance(Locale.forLanguageTag("pt-BR")), SNIPPET_LENGTH, 0.5f))
                    .highlight(DESCRIPTION, text, top);
            StoredFields stored = searcher.storedFields();
            List<SearchHit> hits = new ArrayList<>();
            for (int i = 0; i < top.scoreDocs.length; i++) {
                ScoreDoc hit = top.scoreDocs[i];
                Asset asset = asset(stored.document(hit.doc));
                hits.add(new SearchHit(asset, hit.score, names[i] == null ? asset.name() : names[i], snippets[i] == null ? "" : snippets[i].strip()));
            }
            return hits;
        } catch (IndexSearcher.TooManyClauses e) {
            throw LagoaException.userError("Search query too long: %d words or more; search with fewer", request.query().strip().split("\\s+").length);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot search the index at %s: %s".formatted(location, e.getMessage()), e);
        }
    }

    /** The query over the text fields. Lenient: a character it does not understand as an operator is text. */
    private Query textQuery(String query) {
        SimpleQueryParser parser = new SimpleQueryParser(queryAnalyzer, FIELD_WEIGHTS,
                SimpleQueryParser.AND_OPERATOR | SimpleQueryParser.OR_OPERATOR | SimpleQueryParser.NOT_OPERATOR
                        | SimpleQueryParser.PHRASE_OPERATOR | SimpleQueryParser.PREFIX_OPERATOR | SimpleQueryParser.PRECEDENCE_OPERATORS
                        | SimpleQueryParser.WHITESPACE_OPERATOR);
        parser.setDefaultOperator(Occur.SHOULD);
        Query parsed = parser.parse(query);
        return parsed == null ? new MatchNoDocsQuery("no words to look for") : excludingNegations(parsed);
    }

    /**
     * The parser reads {@code câmbio -bronze} as "câmbio, or anything without bronze" (a negation is "all documents but");
     * a person means "câmbio, without bronze". Lifts each such negation into an exclusion of the query that holds it.
     */
    private static Query excludingNegations(Query query) {
        if (!(query instanceof BooleanQuery booleanQuery)) {
            return query;
        }
        BooleanQuery.Builder builder = new BooleanQuery.Builder().setMinimumNumberShouldMatch(booleanQuery.getMinimumNumberShouldMatch());
        boolean positive = false;
        for (BooleanClause clause : booleanQuery.clauses()) {
            Optional<Query> negated = negated(clause.getQuery());
            if (negated.isPresent() && clause.getOccur() != Occur.MUST_NOT) {
                builder.add(negated.get(), Occur.MUST_NOT);
            } else {
                builder.add(excludingNegations(clause.getQuery()), clause.getOccur());
                positive |= clause.getOccur() != Occur.MUST_NOT;
            }
        }
        if (!positive) {
            builder.add(new MatchAllDocsQuery(), Occur.SHOULD);
        }
        return builder.build();
    }

    /** {@code x} when {@code query} is the parser's "all documents but x". */
    private static Optional<Query> negated(Query query) {
        if (query instanceof BooleanQuery booleanQuery && booleanQuery.clauses().size() == 2) {
            List<BooleanClause> clauses = booleanQuery.clauses();
            BooleanClause first = clauses.get(0);
            BooleanClause second = clauses.get(1);
            if (first.getOccur() == Occur.MUST_NOT && second.getQuery() instanceof MatchAllDocsQuery) {
                return Optional.of(first.getQuery());
            }
            if (second.getOccur() == Occur.MUST_NOT && first.getQuery() instanceof MatchAllDocsQuery) {
                return Optional.of(second.getQuery());
            }
        }
        return Optional.empty();
    }

    /**
     * The words of the query close together in the description or title ("carteira teórica" in "Ativos da carteira teórica do
     * IBOV"), to rank above assets that hold them apart. Only for plain words: operators say what the person wants.
     */
    private Optional<Query> proximityQuery(String query) {
        if (!PLAIN_WORDS.matcher(query).matches() || query.strip().split("\\s+").length < 2) {
            return Optional.empty();
        }
        QueryBuilder builder = new QueryBuilder(queryAnalyzer);
        BooleanQuery.Builder proximity = new BooleanQuery.Builder();
        for (String field : List.of(DESCRIPTION, TITLE)) {
            Query phrase = builder.createPhraseQuery(field, query, PROXIMITY_SLOP);
            if (phrase != null) {
                proximity.add(new BoostQuery(phrase, PROXIMITY_BOOST), Occur.SHOULD);
            }
        }
        BooleanQuery built = proximity.build();
        return built.clauses().isEmpty() ? Optional.empty() : Optional.of(built);
    }

    private UnifiedHighlighter highlighter(IndexSearcher searcher, Supplier<BreakIterator> breakIterator) {
        return UnifiedHighlighter.builder(searcher, indexAnalyzer)
                .withFormatter(new DefaultPassageFormatter(SearchHit.HIGHLIGHT_START, SearchHit.HIGHLIGHT_END, " … ", false))
                .withBreakIterator(breakIterator)
                .build();
    }

    private DirectoryReader currentReader() throws IOException {
        if (reader == null) {
            reader = DirectoryReader.open(directory);
        } else {
            DirectoryReader newer = DirectoryReader.openIfChanged(reader);
            if (newer != null) {
                reader.close();
                reader = newer;
            }
        }
        return reader;
    }

    private static Document document(Asset asset, String hash) {
        Document document = new Document();
        document.add(new StringField(ID, asset.id(), Field.Store.YES));
        document.add(new SortedDocValuesField(ID, new BytesRef(asset.id())));
        document.add(new StringField(TYPE, asset.type().label(), Field.Store.YES));
        text(document, NAME, asset.name());
        text(document, TITLE, asset.title());
        for (String tag : asset.sortedTags()) {
            text(document, TAGS, tag);
        }
        text(document, DESCRIPTION, asset.description());
        document.add(new TextField(OWNER, asset.owner(), Field.Store.YES));
        document.add(new StringField(NAME_KEY, key(asset.name()), Field.Store.NO));
        if (!asset.title().isEmpty()) {
            document.add(new StringField(NAME_KEY, key(asset.title()), Field.Store.NO));
        }
        asset.layer().ifPresent(layer -> document.add(new StringField(LAYER, label(layer), Field.Store.YES)));
        asset.pipeline().ifPresent(pipeline -> document.add(new StringField(PIPELINE, pipeline, Field.Store.YES)));
        asset.parent().ifPresent(parent -> document.add(new StoredField(PARENT, parent)));
        document.add(new StoredField(HASH, hash));
        return document;
    }

    /** A stored, stemmed field and its unstemmed twin. */
    private static void text(Document document, String field, String value) {
        document.add(new TextField(field, value, Field.Store.YES));
        document.add(new TextField(field + DiscoveryAnalyzer.EXACT, value, Field.Store.NO));
    }

    private static Asset asset(Document document) {
        return new Asset(
                AssetType.valueOf(document.get(TYPE).replace('-', '_').toUpperCase(Locale.ROOT)),
                document.get(ID),
                document.get(NAME),
                document.get(TITLE),
                document.get(DESCRIPTION),
                document.get(OWNER),
                Set.of(document.getValues(TAGS)),
                Optional.ofNullable(document.get(LAYER)).map(layer -> Layer.valueOf(layer.toUpperCase(Locale.ROOT))),
                Optional.ofNullable(document.get(PIPELINE)),
                Optional.ofNullable(document.get(PARENT)));
    }

    private static String label(Layer layer) {
        return layer.name().toLowerCase(Locale.ROOT);
    }

    /** A name as people may type it: {@code AGREGADO_FLUXO_DE_CAIXA_MENSAL} and {@code agregado-fluxo-de-caixa-mensal} are one key. */
    static String key(String name) {
        String folded = Normalizer.normalize(name.strip().toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        return folded.replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }

    /** Everything indexed about an asset, and the schema version. */
    static String hash(Asset asset) {
        String content = String.join("\u0000", SCHEMA_VERSION, asset.type().name(), asset.id(), asset.name(), asset.title(), asset.description(),
                asset.owner(), String.join("\u0001", asset.sortedTags()), asset.layer().map(Layer::name).orElse(""), asset.pipeline().orElse(""),
                asset.parent().orElse(""));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (reader != null) {
                reader.close();
                reader = null;
            }
            directory.close();
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot close the search index at %s: %s".formatted(location, e.getMessage()), e);
        }
    }
}
