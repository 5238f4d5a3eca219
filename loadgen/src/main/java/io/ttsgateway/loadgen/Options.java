package io.ttsgateway.loadgen;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * The command line, parsed and validated.
 *
 * @param url       WebSocket endpoint
 * @param sessions  concurrent sessions, one connection each
 * @param requests  requests per session
 * @param text      text of every request (never printed)
 * @param unique    whether each request's text gets a run-unique tag, so none of it is a cache hit
 *                  (see {@link RequestTexts})
 * @param distinct  number of distinct texts the requests cycle over, each sent again and again; 0 for
 *                  none: every text its own with {@code unique}, else the same text throughout
 * @param ramp      time over which session starts are spread evenly
 * @param timeout   longest a request may take, from when its clock starts to its done
 * @param mode      request pacing within a session
 * @param idle      extra connections opened before the run that send nothing
 * @param apiKey    sent as a bearer token; null for none (never printed)
 * @param input     whether each request is one {@code synthesize} or streamed {@code append}s and an {@code end}
 * @param tokenInterval   in stream input, the pause between two {@code append}s
 * @param tokensPerAppend in stream input, the words (tokens, each with the whitespace before it) per {@code append}
 * @param warmup   requests per session of a run of the same shape before the measured one, in this JVM
 *                 and not reported: warms this tool's JIT as well as the gateway
 */
public record Options(URI url,
                      int sessions,
                      int requests,
                      String text,
                      boolean unique,
                      int distinct,
                      Duration ramp,
                      Duration timeout,
                      Mode mode,
                      int idle,
                      String apiKey,
                      InputMode input,
                      Duration tokenInterval,
                      int tokensPerAppend,
                      int warmup) {

    /** The gateway's default port and path on this machine. */
    public static final String DEFAULT_URL = "ws://localhost:8002/api/v1/ws";
    /** Default number of sessions. */
    public static final int DEFAULT_SESSIONS = 10;
    /** Default requests per session. */
    public static final int DEFAULT_REQUESTS = 10;
    /** A typical voice-agent sentence: short enough that first byte, not streaming, dominates. */
    public static final String DEFAULT_TEXT = "Hello, how can I assist you today?";
    /** Default ramp: all sessions start together. */
    public static final long DEFAULT_RAMP_MS = 0;
    /** Default per-request timeout, generous because the first request may warm up a cold engine. */
    public static final long DEFAULT_TIMEOUT_S = 60;
    /** Default pacing. */
    public static final Mode DEFAULT_MODE = Mode.SEQUENTIAL;
    /** Default number of distinct texts: off. */
    public static final int DEFAULT_DISTINCT = 0;
    /** Default number of idle connections. */
    public static final int DEFAULT_IDLE = 0;
    /**
     * A voice agent's reply (four sentences, 33 words), chosen by {@code --reply}: long enough that
     * streaming input has something to gain, as an LLM takes a second or more to write it.
     */
    public static final String AGENT_REPLY = "Sure! Let me check that for you. Your order shipped yesterday from our"
            + " warehouse in Denver, and it should arrive by Thursday afternoon. Is there anything else I can help"
            + " you with today?";
    /** Default input: whole texts, as before streaming input existed. */
    public static final InputMode DEFAULT_INPUT = InputMode.WHOLE;
    /** Default pause between appends: about the pace at which an LLM emits tokens (33 per second). */
    public static final long DEFAULT_TOKEN_INTERVAL_MS = 30;
    /** Default words per append: one, like an LLM's token stream. */
    public static final int DEFAULT_TOKENS_PER_APPEND = 1;
    /** Default warm-up: none. */
    public static final int DEFAULT_WARMUP = 0;

    /** Shown by {@code --help} and after a usage error. */
    public static final String USAGE = """
            Usage: tts-loadgen [options]
              --url URL          WebSocket endpoint (default %s)
              --sessions N       concurrent sessions, one connection each (default %d)
              --requests M       requests per session (default %d)
              --text TEXT        text of every request (default: a short English sentence)
              --reply            use a voice agent's four-sentence, 33-word reply as the text instead
              --unique           put a run-unique tag of spelling-alphabet words into every sentence of
                                 each text (before its first punctuation mark), so no request is a
                                 cache hit, nor any streamed segment holding a sentence's first clause
              --distinct N       cycle over N distinct texts: the text with one of N variant tags (after
                                 the run's tag with --unique), so with S sessions x M requests each is
                                 asked S*M/N times; with --unique the run starts cold, and a repeat is a
                                 cache hit or joins an identical synthesis in flight (default: off)
              --ramp-ms MS       spread session starts evenly over this time (default %d)
              --timeout-s S      per-request timeout in seconds (default %d)
              --mode MODE        sequential (next request after the previous done) or pipelined
                                 (all requests at once) (default %s)
              --idle N           also hold N connections open that send nothing (default %d)
              --api-key KEY      sent as Authorization: Bearer KEY
              --input INPUT      whole: each request is one synthesize message; stream: the text as
                                 append messages at an LLM's pace, then end (default %s)
              --token-interval-ms MS
                                 stream input: pause between two appends (default %d)
              --tokens-per-append N
                                 stream input: words per append, each with the whitespace before it
                                 (default %d)
              --warmup N         first run N requests per session the same way (fresh connections, fresh
                                 --unique tag), not reported: this tool's JIT warms up too, which a
                                 separate warm-up process does not do (default %d)
              --help             show this help
            Time to first byte counts from a request's first message (synthesize, or its first append)
            to its first binary frame. Stream input also reports when the text was complete (end sent)
            and how many requests had audio before that.
            Prints a human-readable report and one line 'RESULT {json}'.
            Exit status: 0 when every request completed, 1 when any failed, 2 on a usage error.
            """.formatted(DEFAULT_URL, DEFAULT_SESSIONS, DEFAULT_REQUESTS, DEFAULT_RAMP_MS, DEFAULT_TIMEOUT_S,
                          DEFAULT_MODE.wireName(), DEFAULT_IDLE, DEFAULT_INPUT.wireName(),
                          DEFAULT_TOKEN_INTERVAL_MS, DEFAULT_TOKENS_PER_APPEND, DEFAULT_WARMUP);

    /**
     * Thrown for {@code --help}: not an error, but parsing stops there.
     */
    public static final class HelpRequested extends Exception {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super("help requested", null, false, false);
        }
    }

    /**
     * Parses {@code --name value} (or {@code --name=value}) arguments.
     *
     * @param args command line
     * @return validated options
     * @throws HelpRequested            for {@code --help} or {@code -h}
     * @throws IllegalArgumentException naming the offending option
     */
    public static Options parse(String... args) throws HelpRequested {
        String url = DEFAULT_URL;
        int sessions = DEFAULT_SESSIONS;
        int requests = DEFAULT_REQUESTS;
        String text = null;
        boolean reply = false;
        boolean unique = false;
        int distinct = DEFAULT_DISTINCT;
        long rampMs = DEFAULT_RAMP_MS;
        long timeoutS = DEFAULT_TIMEOUT_S;
        Mode mode = DEFAULT_MODE;
        int idle = DEFAULT_IDLE;
        String apiKey = null;
        InputMode input = DEFAULT_INPUT;
        long tokenIntervalMs = DEFAULT_TOKEN_INTERVAL_MS;
        int tokensPerAppend = DEFAULT_TOKENS_PER_APPEND;
        int warmup = DEFAULT_WARMUP;

        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String inlineValue = null;
            int equals = name.indexOf('=');
            if (name.startsWith("--") && equals > 0) {
                inlineValue = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            switch (name) {
            case "--help", "-h" -> throw new HelpRequested();
            case "--unique", "--reply" -> {
                if (inlineValue != null) {
                    throw new IllegalArgumentException(name + " takes no value");
                }
                if (name.equals("--unique")) {
                    unique = true;
                } else {
                    reply = true;
                }
            }
            default -> {
                String value;
                if (inlineValue != null) {
                    value = inlineValue;
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException(known(name) ? name + " needs a value" : "unknown option " + name);
                }
                switch (name) {
                case "--url" -> url = value;
                case "--sessions" -> sessions = integer(name, value, 1);
                case "--requests" -> requests = integer(name, value, 1);
                case "--text" -> text = value;
                case "--distinct" -> distinct = integer(name, value, 1);
                case "--ramp-ms" -> rampMs = integer(name, value, 0);
                case "--timeout-s" -> timeoutS = integer(name, value, 1);
                case "--mode" -> mode = Mode.parse(value);
                case "--idle" -> idle = integer(name, value, 0);
                case "--api-key" -> apiKey = value.isEmpty() ? null : value;
                case "--input" -> input = InputMode.parse(value);
                case "--token-interval-ms" -> tokenIntervalMs = integer(name, value, 0);
                case "--tokens-per-append" -> tokensPerAppend = integer(name, value, 1);
                case "--warmup" -> warmup = integer(name, value, 0);
                default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            }
        }
        if (text != null && reply) {
            throw new IllegalArgumentException("--text and --reply cannot be used together");
        }
        if (text == null) {
            text = reply ? AGENT_REPLY : DEFAULT_TEXT;
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("--text must not be blank");
        }
        return new Options(uri(url), sessions, requests, text, unique, distinct, Duration.ofMillis(rampMs),
                           Duration.ofSeconds(timeoutS), mode, idle, apiKey, input,
                           Duration.ofMillis(tokenIntervalMs), tokensPerAppend, warmup);
    }

    /**
     * The warm-up run before this one: the same sessions and requests, {@link #warmup()} requests each,
     * without idle connections.
     *
     * @return the warm-up's options, or {@code null} when there is none
     */
    public Options warmupRun() {
        if (warmup == 0) {
            return null;
        }
        return new Options(url, sessions, warmup, text, unique, distinct, ramp, timeout, mode, 0, apiKey, input,
                           tokenInterval, tokensPerAppend, 0);
    }

    /**
     * The endpoint without its query, which may carry an {@code api_key}: safe to print.
     *
     * @return printable endpoint
     */
    public String printableUrl() {
        return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /**
     * Requests the run plans to send.
     *
     * @return sessions times requests
     */
    public long plannedRequests() {
        return (long) sessions * requests;
    }

    /** Never shows the text or the key, so a stray log line cannot leak them. */
    @Override
    public String toString() {
        return "Options[" + printableUrl() + ", sessions=" + sessions + ", requests=" + requests + ", unique=" + unique
                + ", distinct=" + distinct + ", ramp=" + ramp + ", timeout=" + timeout + ", mode=" + mode.wireName()
                + ", idle=" + idle
                + ", apiKey=" + (apiKey == null ? "none" : "set") + ", input=" + input.wireName()
                + ", tokenInterval=" + tokenInterval + ", tokensPerAppend=" + tokensPerAppend + ", warmup=" + warmup
                + "]";
    }

    private static boolean known(String name) {
        return switch (name) {
            case "--url", "--sessions", "--requests", "--text", "--distinct", "--ramp-ms", "--timeout-s", "--mode",
                 "--idle", "--api-key", "--input", "--token-interval-ms", "--tokens-per-append", "--warmup" -> true;
            default -> false;
        };
    }

    private static int integer(String name, String value, int minimum) {
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, not '" + value + "'");
        }
        if (parsed < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum);
        }
        return parsed;
    }

    private static URI uri(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url is not a valid URI: " + e.getReason());
        }
        if (!"ws".equalsIgnoreCase(uri.getScheme()) && !"wss".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw new IllegalArgumentException("--url must be ws://host:port/path or wss://...");
        }
        return uri;
    }
}
