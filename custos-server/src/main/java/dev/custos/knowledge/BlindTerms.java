package dev.custos.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.WorkspaceId;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.springframework.stereotype.Component;

/**
 * The blind full-text index (TN-03): words are stemmed by Lucene's English analyzer (stop words dropped), then each
 * stem becomes the workspace's keyed token ({@link ContentSeal#blindToken}). PostgreSQL indexes and ranks the
 * tokens as a {@code tsvector}; no stored token names a word, and the same word is a different token in every
 * workspace.
 */
@Component
class BlindTerms {

    /** PostgreSQL keeps positions up to this. */
    private static final int MAX_POSITION = 16_383;
    private static final int MAX_QUERY_TERMS = 32;
    private static final int MAX_PAIRED = 8;

    private final ContentSeal seal;
    private final Analyzer analyzer = new EnglishAnalyzer();

    BlindTerms(ContentSeal seal) {
        this.seal = seal;
    }

    /** A chunk's tokens with their positions, as a {@code tsvector} literal. */
    String vector(WorkspaceId workspace, String text) {
        Map<String, List<Integer>> positions = new TreeMap<>();
        List<String> stems = stems(text);
        for (int i = 0; i < stems.size() && i < MAX_POSITION; i++) {
            positions.computeIfAbsent(seal.blindToken(workspace, stems.get(i)), token -> new ArrayList<>()).add(i + 1);
        }
        StringJoiner vector = new StringJoiner(" ");
        positions.forEach((token, at) -> vector.add("'" + token + "':" + String.join(",",
                at.stream().limit(256).map(String::valueOf).toList())));
        return vector.toString();
    }

    /** A query's distinct tokens, each quoted for a {@code tsquery}; empty when it has no searchable word. */
    List<String> tokens(WorkspaceId workspace, String text) {
        Map<String, Boolean> tokens = new LinkedHashMap<>();
        for (String stem : stems(text)) {
            if (tokens.size() < MAX_QUERY_TERMS) {
                tokens.put("'" + seal.blindToken(workspace, stem) + "'", true);
            }
        }
        return List.copyOf(tokens.keySet());
    }

    /** Passages with every token. */
    static String every(List<String> tokens) {
        return String.join(" & ", tokens);
    }

    /** Passages with any two of the first {@value #MAX_PAIRED} tokens. */
    static String atLeastTwo(List<String> tokens) {
        List<String> paired = tokens.subList(0, Math.min(MAX_PAIRED, tokens.size()));
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < paired.size(); i++) {
            for (int j = i + 1; j < paired.size(); j++) {
                pairs.add("(" + paired.get(i) + " & " + paired.get(j) + ")");
            }
        }
        return String.join(" | ", pairs);
    }

    /** Passages with any token. */
    static String any(List<String> tokens) {
        return String.join(" | ", tokens);
    }

    private List<String> stems(String text) {
        List<String> stems = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                stems.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stems;
    }
}
