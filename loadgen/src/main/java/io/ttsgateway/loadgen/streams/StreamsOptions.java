package io.ttsgateway.loadgen.streams;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code tts-loadgen streams}, parsed and validated.
 *
 * @param url       OpenAI-style base URL ({@code .../v1}): the provider stand-in or the gateway
 * @param streams   streams started together
 * @param text      the text; each stream's gets a run-unique tag, so none is a cache hit
 * @param bufferMs  the listener's jitter buffer: playing starts this long after the first byte
 * @param apiKey    bearer token, or null (never printed)
 * @param model     the {@code model} field
 * @param voice     the {@code voice} field
 * @param timeout   longest a stream may take
 * @param label     names the run in the report
 * @param warmup    streams of a warm-up round before, not reported; 0 for none
 * @param settle    longest wait after the warm-up for the machine to go quiet; zero for none
 * @param watch     other processes whose CPU and RSS over the measured round the report gives
 */
public record StreamsOptions(URI url, int streams, String text, int bufferMs, String apiKey, String model,
                             String voice, Duration timeout, String label, int warmup, Duration settle,
                             List<WatchedProcess> watch) {

    /**
     * Options with a copy of the watch list.
     */
    public StreamsOptions {
        watch = List.copyOf(watch);
    }

    /** PCM as OpenAI sends it: 24 kHz, 16-bit mono. */
    public static final long BYTES_PER_SECOND = 48_000;

    /** Shown by {@code streams --help} and after a usage error. */
    public static final String USAGE = """
            Usage: tts-loadgen streams --url URL [options]
              --url URL        OpenAI-style base URL ending in /v1 (http, not https): a provider (direct)
                               or the gateway
              --streams N      streams started together, each a new text (default 10)
              --text TEXT      text, tagged per stream so none is a cache hit (default: a short sentence)
              --buffer-ms MS   the listener's jitter buffer: playing starts MS after the first byte (default 200)
              --api-key KEY    sent as Authorization: Bearer KEY
              --model NAME     model field (default tts-1)
              --voice NAME     voice field (default alloy)
              --timeout-s S    longest a stream may take (default 120)
              --label NAME     names the run in the report (default streams)
              --warmup N       first a round of N streams, not reported, on connections of its own (default 0)
              --settle-s S     after the warm-up, wait until this process and the watched ones are quiet
                               (the JIT work the warm-up queued done), at most S seconds (default 0: no wait)
              --watch NAME=PID report that process's CPU time and RSS (before, peak, after) over the
                               measured round, from /proc (Linux); repeatable
            Each stream is POST /audio/speech with response_format pcm (24 kHz), on a connection of its
            own, read as it arrives.
            A stutter is each time a listener's playing caught up with the audio received before the
            stream's last byte; playing resumes when more arrives.
            Prints a report and one line 'RESULT {json}'. Exit status: 0 when every stream completed,
            1 when any failed, 2 on a usage error.
            """;

    /**
     * Parses {@code --name value} arguments.
     *
     * @param args the arguments after {@code streams}
     * @return the options
     * @throws IllegalArgumentException naming the offending option
     */
    public static StreamsOptions parse(String... args) {
        String url = null;
        int streams = 10;
        String text = "Hello, how can I assist you today?";
        int bufferMs = 200;
        String apiKey = null;
        String model = "tts-1";
        String voice = "alloy";
        long timeoutS = 120;
        String label = "streams";
        int warmup = 0;
        int settleS = 0;
        List<WatchedProcess> watch = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--url" -> url = value;
                case "--streams" -> streams = positive(name, value);
                case "--text" -> text = value;
                case "--buffer-ms" -> bufferMs = positive(name, value);
                case "--api-key" -> apiKey = value;
                case "--model" -> model = value;
                case "--voice" -> voice = value;
                case "--timeout-s" -> timeoutS = positive(name, value);
                case "--label" -> label = value;
                case "--watch" -> watch.add(WatchedProcess.parse(value));
                case "--warmup" -> warmup = "0".equals(value) ? 0 : positive(name, value);
                case "--settle-s" -> settleS = "0".equals(value) ? 0 : positive(name, value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        URI uri = URI.create(url);
        if ("https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("--url must be http: the streams client reads plain HTTP/1.1 from a"
                    + " socket of its own per stream and does not speak TLS: " + url);
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--url must be an http URL: " + url);
        }
        return new StreamsOptions(uri, streams, text, bufferMs, apiKey, model, voice, Duration.ofSeconds(timeoutS),
                label, warmup, Duration.ofSeconds(settleS), watch);
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive integer, not '" + value + "'");
    }
}
