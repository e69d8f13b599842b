package dev.lagoa.governance.classify;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Column names as words. Names are split at {@code _}, {@code -}, spaces and dots, at camelCase humps and between
 * letters and digits ({@code cpfCliente}, {@code CPF_CLIENTE}, {@code ipv4} are {@code cpf cliente}, {@code cpf
 * cliente}, {@code ipv 4}), folded to lower case without accents, and compared word by word: {@code cid} is not in
 * {@code acid_level}, {@code ip} is not in {@code zip}.
 */
final class ColumnNames {
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{Nd}]+");
    private static final Pattern HUMPS = Pattern.compile(
            "(?<=\\p{Ll})(?=\\p{Lu})|(?<=\\p{Lu})(?=\\p{Lu}\\p{Ll})|(?<=\\p{L})(?=\\p{Nd})|(?<=\\p{Nd})(?=\\p{L})");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private ColumnNames() {}

    /** The words of a name, lower case and without accents; empty for a blank name. */
    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        for (String part : SEPARATORS.split(name)) {
            for (String word : HUMPS.split(part)) {
                if (!word.isEmpty()) {
                    words.add(fold(word));
                }
            }
        }
        return List.copyOf(words);
    }

    /** Lower case without accents ({@code Endereço} is {@code endereco}). */
    static String fold(String text) {
        return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
    }

    /**
     * The first of {@code phrases} that occurs in {@code words} as whole consecutive words (a plural {@code s} on a
     * column word is allowed: {@code telefones}), or empty.
     */
    static String signal(List<String> words, List<List<String>> phrases) {
        for (List<String> phrase : phrases) {
            for (int start = 0; start + phrase.size() <= words.size(); start++) {
                if (matchesAt(words, start, phrase)) {
                    return String.join(" ", words.subList(start, start + phrase.size()));
                }
            }
        }
        return "";
    }

    private static boolean matchesAt(List<String> words, int start, List<String> phrase) {
        for (int index = 0; index < phrase.size(); index++) {
            String word = words.get(start + index);
            String expected = phrase.get(index);
            if (!word.equals(expected) && !word.equals(expected + "s")) {
                return false;
            }
        }
        return true;
    }

    /** Phrases written as names ({@code "e-mail"}, {@code "codigo postal"}), split as column names are. */
    static List<List<String>> phrases(String... names) {
        List<List<String>> phrases = new ArrayList<>();
        for (String name : names) {
            phrases.add(words(name));
        }
        return List.copyOf(phrases);
    }
}
