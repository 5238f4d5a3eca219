package io.ttsgateway.loadgen;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The text of each request. With {@code --unique}, every text gets a tag of spelling-alphabet words
 * made of a random run id and a counter shared by all sessions: unique within the run and, very
 * likely, across runs (the gateway's cache persists on disk, so a counter alone would hit entries
 * left by an earlier run). Words, not digits: a real engine reads a long number out as a long
 * sentence, which would measure the number rather than the gateway.
 *
 * <p>Where the tag goes matters for streamed input, which the gateway cuts into segments at
 * sentence ends (the first one possibly at a clause end) and caches segment by segment: a tag only
 * at the end would leave every segment but the last a cache hit from the second request on, and the
 * first segment is the one time to first byte waits for. So the tag goes into <em>every</em>
 * sentence, right before its first punctuation mark ({@code , ; : . ! ? -}, dashes, ellipsis, when
 * followed by a space or the end): "Sure alpha bravo charlie delta! Let me check that for you alpha
 * bravo charlie delta." Each sentence's first clause is then unique, so the first segment and every
 * segment that starts at a sentence start is a miss. A text ending without punctuation also gets
 * the tag at its end. Whole texts get exactly the same tagged text, so both input modes speak the
 * same words.
 *
 * <p>With {@code --distinct N} the requests cycle over N texts instead, in the order the sessions
 * ask for them: request k (counted over all sessions) gets variant {@code (k - 1) % N + 1} as its tag,
 * after the run id with {@code --unique}. The first N requests of a run are then misses (with
 * {@code --unique} also across runs) and every later one repeats a text asked before: a workload with
 * a known share of repeats, for measuring cache hits across replicas.
 */
public final class RequestTexts {

    private final String text;
    private final boolean unique;
    private final int distinct;
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
        "hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
        "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu"};
    /** Clause and sentence marks before which a tag may go: where the gateway may end a segment. */
    private static final String MARKS = ",;:.!?-\u2014\u2013\u2026";
    /** Marks that end a sentence. */
    private static final String SENTENCE_ENDS = ".!?\u2026";
    /** Closing quotes and brackets that may follow a mark, as in {@code "Hi."} or {@code (see below).} */
    private static final String CLOSERS = "\"')]\u201d\u2019";
    /** Run ids of three words: 17,576 of them. */
    private static final int RUN_ID_RANGE = WORDS.length * WORDS.length * WORDS.length;

    private final String runId = words(java.util.concurrent.ThreadLocalRandom.current().nextInt(RUN_ID_RANGE), 3);
    private final AtomicLong counter = new AtomicLong();

    /**
     * Creates the source.
     *
     * @param text   base text
     * @param unique whether to make every text unique
     */
    public RequestTexts(String text, boolean unique) {
        this(text, unique, 0);
    }

    /**
     * Creates the source.
     *
     * @param text     base text
     * @param unique   whether to tag texts with the run id, so the run starts cold
     * @param distinct number of texts to cycle over; 0: every text unique with {@code unique}, else
     *                 the base text throughout
     */
    public RequestTexts(String text, boolean unique, int distinct) {
        if (distinct < 0) {
            throw new IllegalArgumentException("distinct must not be negative");
        }
        this.text = text;
        this.unique = unique;
        this.distinct = distinct;
    }

    /**
     * The text of the next request.
     *
     * @return text
     */
    public String next() {
        if (distinct > 0) {
            String variant = words((counter.getAndIncrement() % distinct) + 1, 1);
            return tagged(text, unique ? runId + " " + variant : variant);
        }
        return unique ? tagged(text, runId + " " + words(counter.incrementAndGet(), 1)) : text;
    }

    /**
     * Puts a tag into every sentence of a text, before the sentence's first punctuation mark, or at
     * the end of a last sentence without any.
     *
     * @param text any text
     * @param tag  words to insert
     * @return the tagged text, its whitespace otherwise unchanged
     */
    static String tagged(String text, String tag) {
        StringBuilder out = new StringBuilder(text.length() + 4 * tag.length());
        boolean sentenceTagged = false;
        boolean sentenceHasWords = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (MARKS.indexOf(c) < 0) {
                out.append(c);
                sentenceHasWords |= !Character.isWhitespace(c);
                i++;
                continue;
            }
            int end = i;
            while (end < text.length() && (MARKS.indexOf(text.charAt(end)) >= 0
                                           || CLOSERS.indexOf(text.charAt(end)) >= 0)) {
                end++;
            }
            String run = text.substring(i, end);
            // "3.14", "e-mail", "U.S.A" are not breaks: a mark counts only before a space or the end.
            boolean breaks = end == text.length() || Character.isWhitespace(text.charAt(end));
            if (breaks && !sentenceTagged && sentenceHasWords) {
                insertBeforeTrailingSpace(out, tag);
                sentenceTagged = true;
            }
            out.append(run);
            if (breaks && run.chars().anyMatch(mark -> SENTENCE_ENDS.indexOf(mark) >= 0)) {
                sentenceTagged = false;
                sentenceHasWords = false;
            }
            i = end;
        }
        if (!sentenceTagged && sentenceHasWords) {
            insertBeforeTrailingSpace(out, tag);
        }
        return out.toString();
    }

    private static void insertBeforeTrailingSpace(StringBuilder out, String tag) {
        int at = out.length();
        while (at > 0 && Character.isWhitespace(out.charAt(at - 1))) {
            at--;
        }
        out.insert(at, " " + tag);
    }

    /** A number in base 26, one word per digit, at least {@code minimum} words. */
    static String words(long number, int minimum) {
        StringBuilder out = new StringBuilder();
        long rest = number;
        for (int i = 0; i < minimum || rest > 0; i++) {
            out.insert(0, WORDS[(int) (rest % WORDS.length)] + (out.isEmpty() ? "" : " "));
            rest /= WORDS.length;
        }
        return out.toString();
    }
}
