package io.ttsgateway.marytts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts a reply's first sentence in two when it is long, so its first phrase is synthesized and heard
 * while the rest is synthesized: the engine plans a whole sentence before its first sample (longer the
 * longer the sentence) and holds an engine for all of it. Always between words; a sentence of at most
 * {@code words} words (the setting, N) stays whole, a longer one is cut
 * <ol>
 * <li>at its first clause mark ({@code , ; :} or a dash ending a word) among its first 3N words, where
 *     the voice pauses anyway;</li>
 * <li>else, only in a sentence of more than 3N words, before the last conjunction or preposition among
 *     its words 2N + 1 to 3N, where a phrase starts;</li>
 * <li>else after 3N words, or fewer so that the first part ends on no article, preposition or
 *     conjunction.</li>
 * </ol>
 * Cuts without punctuation are kept to long sentences because they cost intelligibility: measured
 * with pocketsphinx ({@code scripts/intelligibility.sh}), a cut after 5 to 8 words of a sentence
 * without commas raised the word error rate from 0.00-0.14 to 0.29-0.43, a cut at a comma by at
 * most 0.05. The later sentences are synthesized while the earlier ones play, so they are never cut.
 */
final class FirstPhrase {

    /** Clause marks that may end a word. */
    private static final String CLAUSE_MARKS = ",;:\u2013\u2014";
    /** Closing quotes and brackets that may follow a clause mark. */
    private static final String CLOSERS = "\"')]\u201d\u2019";
    /** Clause marks a reader sees standing alone between words. */
    private static final Set<String> DASHES = Set.of("-", "--", "\u2013", "\u2014");
    /** Words that start a phrase: a cut before them keeps the phrase together. */
    private static final Set<String> PHRASE_STARTS = Set.of(
            "and", "but", "or", "nor", "so", "yet", "because", "while", "when", "where", "which", "who", "whose",
            "if", "unless", "although", "though", "since", "until", "with", "without", "upon", "into", "onto",
            "from", "after", "before", "during", "across", "between", "through", "over", "under", "near",
            "around", "behind", "beyond", "toward", "towards", "against", "along", "among", "within", "in", "on",
            "at", "for", "by", "about");
    /** Words that lean on the next one: a first part never ends with them. */
    private static final Set<String> LEANING = Set.of(
            "a", "an", "the", "my", "your", "his", "her", "its", "our", "their", "this", "that", "these", "those",
            "to", "of", "and", "or", "but", "very", "not", "no", "is", "are", "was", "were", "be");
    /** Words, as a multiple of the setting, within which a clause mark is a cut; past them any phrase start is. */
    private static final int CLAUSE_REACH = 3;

    private FirstPhrase() {
    }

    /** The segments with the first cut in two by the rule above; unchanged when {@code words} is 0. */
    static List<String> cut(List<String> segments, int words) {
        if (words <= 0 || segments.isEmpty()) {
            return segments;
        }
        String[] tokens = segments.getFirst().split("\\s+");
        if (tokens.length <= words) {
            return segments;
        }
        int firstPart = cutAfter(tokens, words);
        if (firstPart == 0) {
            return segments;
        }
        List<String> cut = new ArrayList<>(segments.size() + 1);
        String first = String.join(" ", List.of(tokens).subList(0, firstPart));
        // Without a mark at its end the engine reads the part as an unfinished sentence, about 1.5 times as slow.
        cut.add(endsClause(tokens[firstPart - 1]) || DASHES.contains(tokens[firstPart - 1]) ? first : first + ",");
        cut.add(String.join(" ", List.of(tokens).subList(firstPart, tokens.length)));
        cut.addAll(segments.subList(1, segments.size()));
        return cut;
    }

    /** How many tokens go into the first part, or 0 for none: at least one, and one stays for the second. */
    private static int cutAfter(String[] tokens, int words) {
        int last = tokens.length - 1;
        int reach = CLAUSE_REACH * words;
        for (int i = 0; i < Math.min(last, reach); i++) {
            if (endsClause(tokens[i])) {
                return i + 1;
            }
            if (i > 0 && DASHES.contains(tokens[i])) {
                return i + 1; // the dash stays with the clause it ends
            }
        }
        if (tokens.length <= reach) {
            return 0;
        }
        for (int i = reach - 1; i >= reach - words; i--) {
            if (PHRASE_STARTS.contains(bare(tokens[i]))) {
                return i;
            }
        }
        int cut = reach;
        while (cut > 1 && LEANING.contains(bare(tokens[cut - 1]))) {
            cut--;
        }
        return cut;
    }

    /** Whether a word ends with a clause mark, possibly followed by closing quotes or brackets. */
    private static boolean endsClause(String token) {
        int end = token.length();
        while (end > 0 && CLOSERS.indexOf(token.charAt(end - 1)) >= 0) {
            end--;
        }
        return end > 1 && CLAUSE_MARKS.indexOf(token.charAt(end - 1)) >= 0;
    }

    private static String bare(String token) {
        return token.replaceAll("^\\p{Punct}+|\\p{Punct}+$", "").toLowerCase(Locale.ROOT);
    }
}
