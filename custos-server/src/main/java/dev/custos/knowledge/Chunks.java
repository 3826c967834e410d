package dev.custos.knowledge;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a document's text into chunks of about {@value #TARGET_CHARS} characters along paragraph, then sentence,
 * then word boundaries, so that a search hit is a passage a person (and a model) can read as it is.
 */
final class Chunks {

    static final int TARGET_CHARS = 1_200;

    private Chunks() {
    }

    static List<String> of(String text) {
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String paragraph : text.split("\\n\\s*\\n")) {
            String clean = paragraph.strip().replaceAll("[ \\t\\x0B\\f\\r]+", " ");
            if (clean.isEmpty()) {
                continue;
            }
            for (String piece : pieces(clean)) {
                if (!current.isEmpty() && current.length() + piece.length() + 2 > TARGET_CHARS) {
                    chunks.add(current.toString());
                    current.setLength(0);
                }
                if (!current.isEmpty()) {
                    current.append("\n\n");
                }
                current.append(piece);
            }
        }
        if (!current.isEmpty()) {
            chunks.add(current.toString());
        }
        return chunks;
    }

    /** A paragraph as pieces no longer than the target: whole sentences where they fit, else cut at a space. */
    private static List<String> pieces(String paragraph) {
        if (paragraph.length() <= TARGET_CHARS) {
            return List.of(paragraph);
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        for (String sentence : paragraph.split("(?<=[.!?])\\s+")) {
            String rest = sentence;
            while (rest.length() > TARGET_CHARS) {
                int cut = rest.lastIndexOf(' ', TARGET_CHARS);
                cut = cut <= 0 ? TARGET_CHARS : cut;
                flush(pieces, piece);
                pieces.add(rest.substring(0, cut).strip());
                rest = rest.substring(cut).strip();
            }
            if (piece.length() + rest.length() + 1 > TARGET_CHARS) {
                flush(pieces, piece);
            }
            piece.append(piece.isEmpty() ? "" : " ").append(rest);
        }
        flush(pieces, piece);
        return pieces;
    }

    private static void flush(List<String> pieces, StringBuilder piece) {
        if (!piece.isEmpty()) {
            pieces.add(piece.toString());
            piece.setLength(0);
        }
    }
}
