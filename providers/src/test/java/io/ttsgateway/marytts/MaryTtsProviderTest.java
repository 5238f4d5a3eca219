package io.ttsgateway.marytts;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ProviderCapabilities;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.WordAlignment;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MaryTtsProviderTest {

    private static final Path MARY_LOG_DIRECTORY = Path.of("log");
    private static final String HELLO = "Hello, how can I assist you today?";
    /** Requests admitted beyond the two engines: enough for every concurrent test here. */
    private static final int QUEUE = 8;
    /** RMS loudness (full scale 1) below which the voice's audio is a pause; its words are 0.1 to 0.3. */
    private static final double SILENCE = 0.012;
    /** Loudness of the voice speaking. */
    private static final double SPEECH = 0.03;
    /** Loudness of the last 60 ms of a word, which fade out. */
    private static final double FADING_SPEECH = 0.015;
    private static MaryTtsProvider provider;

    @BeforeAll
    static void start() throws Exception {
        deleteRecursively(MARY_LOG_DIRECTORY);
        provider = new MaryTtsProvider(new MaryTtsSettings(MaryTtsProvider.DEFAULT_VOICE, 2, QUEUE, Duration.ofSeconds(30),
                                                           Duration.ofMillis(100)));
        provider.initialize();
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    @Test
    void writesNoLogFileOfItsOwn() {
        // Left alone, MaryTTS logs to ./log/server.log, which fails where the directory is read-only.
        assertThat(Files.exists(MARY_LOG_DIRECTORY), is(false));
    }

    @Test
    void speaksAtTheRequestedRate() throws Exception {
        byte[] audio = synthesize("Hello, how can I assist you today?", 24000);
        double seconds = audio.length / 48000.0;
        assertThat("a short sentence lasts between one and five seconds", seconds, both(greaterThan(1.0)).and(lessThan(5.0)));
        assertThat("it is not silence", loudness(audio), greaterThan(0.01));
    }

    @Test
    void firstSentenceArrivesBeforeTheRestIsSynthesized() throws Exception {
        String text = "This is the first sentence. " + "And here comes a rather long second sentence. ".repeat(10);
        try (AudioStream stream = provider.open(request(text, 16000))) {
            byte[] first = stream.read();
            assertThat("chunks are 100 ms", first.length, is(3200));
            stream.close();
            assertThrows(ProviderException.class, stream::read, "a closed stream does not pretend to end cleanly");
        }
    }

    @Test
    void concurrentRequestsAllGetTheirAudio() throws Exception {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Callable<byte[]> job = () -> synthesize("Number five is alive.", 24000);
                results.add(executor.submit(job));
            }
            byte[] reference = synthesize("Number five is alive.", 24000);
            for (Future<byte[]> result : results) {
                assertThat(java.util.Arrays.equals(result.get(60, TimeUnit.SECONDS), reference), is(true));
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aRequestPastTheBoundIsRefusedAtOnceUntilASlotIsFreed() throws Exception {
        List<AudioStream> holding = new ArrayList<>();
        try {
            for (int i = 0; i < 2 + QUEUE; i++) { // opening takes the slot; nothing is synthesized before a read
                holding.add(provider.open(request(HELLO, 24000)));
            }
            assertThat(provider.load().orElseThrow().admitted(), is(2 + QUEUE));
            ProviderException busy = assertThrows(ProviderException.class, () -> provider.open(request(HELLO, 24000)));
            assertThat(busy.kind(), is(ProviderErrorKind.BUSY));
            assertThat(busy.retryable(), is(true));
            assertThat(busy.retryAfter().isPresent(), is(true));

            holding.removeFirst().close();
            holding.add(provider.open(request(HELLO, 24000)));
        } finally {
            holding.forEach(AudioStream::close);
        }
        assertThat(provider.load().orElseThrow().admitted(), is(0));
    }

    @Test
    void aStreamFreesItsSlotWhenItsLastSentenceIsSynthesized() throws Exception {
        AudioStream stream = provider.open(request("Short.", 24000));
        readAll(stream); // not closed: the end of the audio frees it
        assertThat(provider.load().orElseThrow().admitted(), is(0));
        stream.close();
        assertThat(provider.load().orElseThrow().admitted(), is(0));
    }

    @Test
    void aStreamedRequestHoldsOneSlotForAllItsSegments() throws Exception {
        ProviderSession session = provider.openSession();
        Continuation utterance = session.openContinuation();
        try {
            utterance.open(request("First part.", 24000)).close();
            utterance.open(request("Second part.", 24000)).close();
            assertThat(provider.load().orElseThrow().admitted(), is(1));
        } finally {
            utterance.close();
        }
        assertThat(provider.load().orElseThrow().admitted(), is(0));
    }

    @Test
    void unknownVoiceIsAnInvalidRequest() {
        ProviderException e = assertThrows(ProviderException.class, () -> provider.open(
                new SynthesisRequest("Hi.", "nobody", null, AudioFormat.pcm(24000), Map.of())));
        assertThat(e.kind(), is(ProviderErrorKind.INVALID_REQUEST));
    }

    @Test
    void declaresItsNativeFormatAndWordTimings() {
        ProviderCapabilities capabilities = provider.capabilities();
        assertThat(capabilities.producesNatively(AudioFormat.pcm(48_000)), is(true));
        assertThat(capabilities.nativeFormats().size(), is(1));
        assertThat(capabilities.wordTimestamps(), is(true));
    }

    @Test
    void givesNoTimingsWhenNotAsked() throws Exception {
        Spoken spoken = speak(new SynthesisRequest(HELLO, null, null, AudioFormat.pcm(16_000), Map.of()));
        assertThat(spoken.words.isEmpty(), is(true));
        assertThat(spoken.alignments, is(0));
    }

    @Test
    void timesTheSpokenWordsInOrderAgainstTheAudio() throws Exception {
        Spoken spoken = speak(timed(HELLO, Map.of()));
        assertThat(spoken.words, contains("Hello", "how", "can", "I", "assist", "you", "today"));
        assertOrderedWithinAudio(spoken);
        assertThat("speech starts with the first word", spoken.starts.get(0), lessThan(50L));
        // MaryTTS pauses after the comma and at the end: the words around the pauses must end
        // where the sound stops, not earlier or later.
        assertSpeechStopsAtTheEndOf(spoken, 0);
        assertSpeechStopsAtTheEndOf(spoken, spoken.words.size() - 1);
        assertThat("silence until the audio ends", spoken.loudness(spoken.ends.getLast() + 40, spoken.audioMs()),
                   lessThan(SILENCE));
        assertThat("the comma's pause lies between the first two words",
                   spoken.starts.get(1) - spoken.ends.get(0), greaterThan(200L));
        assertThat(spoken.loudness(spoken.starts.get(1) - 100, spoken.starts.get(1) - 20), lessThan(SILENCE));
        assertThat(spoken.loudness(spoken.starts.get(1), spoken.starts.get(1) + 200), greaterThan(SPEECH));
    }

    @Test
    void timingsOfLaterSentencesComeWithTheirAudioAndCountFromTheStart() throws Exception {
        String text = "Good morning. The weather is fine, thank you.";
        Spoken spoken = speak(timed(text, Map.of()));
        assertThat(spoken.words, contains("Good", "morning", "The", "weather", "is", "fine", "thank", "you"));
        assertOrderedWithinAudio(spoken);
        assertThat("one alignment per sentence", spoken.alignments, is(2));
        assertThat("the second sentence's words start after the first sentence's audio", spoken.starts.get(2),
                   greaterThan(spoken.ends.get(1) + 200));
    }

    @Test
    void aLongFirstSentenceCutAtItsCommaKeepsTheVoicesPauseAndItsTimings() throws Exception {
        String text = "Hello alpha bravo charlie delta, how can I assist you today?";
        Spoken cut = speak(timed(text, Map.of()));
        assertThat(cut.words, contains("Hello", "alpha", "bravo", "charlie", "delta", "how", "can", "I", "assist", "you",
                                       "today"));
        assertOrderedWithinAudio(cut);
        assertThat("one alignment per part", cut.alignments, is(2));
        assertSpeechStopsAtTheEndOf(cut, 4);
        // Whole, the sentence pauses 400 ms at its comma: the cut adds no pause of its own.
        assertThat("a comma's pause lies between the parts", cut.starts.get(5) - cut.ends.get(4),
                   both(greaterThan(200L)).and(lessThan(600L)));
        assertThat(cut.loudness(cut.starts.get(5), cut.starts.get(5) + 200), greaterThan(SPEECH));
        assertSpeechStopsAtTheEndOf(cut, cut.words.size() - 1);
    }

    @Test
    void aStreamedRequestCutsOnlyItsFirstSegment() throws Exception {
        String text = "Hello alpha bravo charlie delta, how can I assist you today?";
        Continuation utterance = provider.openSession().openContinuation();
        try {
            assertThat("the first segment in two parts", alignmentsOf(utterance.open(timed(text, Map.of()))), is(2));
            assertThat("a later one whole: it is synthesized while the first plays",
                       alignmentsOf(utterance.open(timed(text, Map.of()))), is(1));
        } finally {
            utterance.close();
        }
    }

    private static int alignmentsOf(AudioStream stream) throws Exception {
        int alignments = 0;
        try (stream) {
            while (stream.read() != null) {
                alignments += stream.nextAlignment() == null ? 0 : 1;
            }
        }
        return alignments;
    }

    @Test
    void readsWrittenWordsAsTheyWereWrittenWhenTheEngineExpandsThem() throws Exception {
        Spoken spoken = speak(timed("Dr. Smith walked 3.5 miles.", Map.of()));
        assertThat(spoken.words, contains("Dr.", "Smith", "walked", "3.5", "miles"));
        assertOrderedWithinAudio(spoken);
    }

    @Test
    void speedShortensTheAudioAndTheTimingsFollow() throws Exception {
        Spoken normal = speak(timed(HELLO, Map.of()));
        Spoken fast = speak(timed(HELLO, Map.of(SynthesisRequest.SPEED, "1.5")));
        Spoken slow = speak(timed(HELLO, Map.of(SynthesisRequest.SPEED, "0.5")));
        assertThat("1.5 times faster is at least 20 % shorter", fast.audioMs(), lessThan(normal.audioMs() * 0.8));
        assertThat("half speed is at least 1.6 times longer", slow.audioMs(), greaterThan(normal.audioMs() * 1.6));
        assertThat(fast.words, contains(normal.words.toArray()));
        assertOrderedWithinAudio(fast);
        assertOrderedWithinAudio(slow);
        assertSpeechStopsAtTheEndOf(fast, 0);
        assertSpeechStopsAtTheEndOf(fast, fast.words.size() - 1);
        assertThat((double) fast.ends.getLast(), lessThan(normal.ends.getLast() * 0.8));
        assertThat((double) slow.ends.getLast(), greaterThan(normal.ends.getLast() * 1.6));
        assertThat("the same words in a similar share of the audio", fast.ends.getLast() / fast.audioMs(),
                   closeTo(normal.ends.getLast() / normal.audioMs(), 0.1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "pt-BR", "fr"})
    void anotherLanguageIsAnInvalidRequest(String language) {
        ProviderException e = assertThrows(ProviderException.class, () -> provider.open(
                new SynthesisRequest("Hallo.", null, null, AudioFormat.pcm(24_000),
                                     Map.of(SynthesisRequest.LANGUAGE, language))));
        assertThat(e.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(e.getMessage(), is("marytts speaks English only; language '" + language + "' is not available"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "EN", "en-US", "en-gb"})
    void englishInAnyVariantIsSpoken(String language) throws Exception {
        try (AudioStream stream = provider.open(new SynthesisRequest("Hi.", null, null, AudioFormat.pcm(24_000),
                                                                     Map.of(SynthesisRequest.LANGUAGE, language)))) {
            assertThat(stream.read(), notNullValue());
        }
    }

    @Test
    void g711IsEncodedFromEightKilohertzAndWavIsRefused() throws Exception {
        AudioFormat ulaw = new AudioFormat(AudioEncoding.ULAW, 8000);
        byte[] encoded;
        try (AudioStream stream = provider.open(new SynthesisRequest(HELLO, null, null, ulaw, Map.of()))) {
            assertThat(stream.format(), is(ulaw));
            encoded = readAll(stream);
        }
        byte[] pcm = synthesize(HELLO, 8000);
        assertThat("one byte per sample", (double) encoded.length, closeTo(pcm.length / 2.0, 16));
        ProviderException wav = assertThrows(ProviderException.class, () -> provider.open(
                new SynthesisRequest(HELLO, null, null, new AudioFormat(AudioEncoding.WAV, 24_000), Map.of())));
        assertThat(wav.kind(), is(ProviderErrorKind.INVALID_REQUEST));
    }

    /** The word is heard to its end, and silence follows. */
    private static void assertSpeechStopsAtTheEndOf(Spoken spoken, int word) {
        long end = spoken.ends.get(word);
        String name = spoken.words.get(word);
        assertThat(name + " is heard until its end", spoken.loudness(end - 60, end), greaterThan(FADING_SPEECH));
        assertThat("silence follows " + name, spoken.loudness(end + 40, end + 140), lessThan(SILENCE));
    }

    private static void assertOrderedWithinAudio(Spoken spoken) {
        long previousEnd = 0;
        for (int i = 0; i < spoken.words.size(); i++) {
            String word = spoken.words.get(i);
            assertThat(word + " starts after the previous word ends", spoken.starts.get(i),
                       greaterThanOrEqualTo(previousEnd));
            assertThat(word + " lasts", spoken.ends.get(i), greaterThan(spoken.starts.get(i)));
            previousEnd = spoken.ends.get(i);
        }
        assertThat("the words end within the audio", (double) previousEnd, lessThanOrEqualTo(spoken.audioMs()));
    }

    /** Reads a whole stream, taking its word timings after every chunk as the gateway does. */
    private static Spoken speak(SynthesisRequest request) throws Exception {
        Spoken spoken = new Spoken(request.format().sampleRate());
        try (AudioStream stream = provider.open(request)) {
            for (byte[] chunk = stream.read(); chunk != null; chunk = stream.read()) {
                double chunkStartMs = spoken.audioMs();
                spoken.audio.writeBytes(chunk);
                WordAlignment alignment = stream.nextAlignment();
                if (alignment == null) {
                    continue;
                }
                spoken.alignments++;
                for (int i = 0; i < alignment.words().size(); i++) {
                    // Timings may come early, never after audio of the word was handed out.
                    assertThat("a word's timing comes no later than its audio", (double) alignment.startMs().get(i),
                               greaterThanOrEqualTo(chunkStartMs));
                    spoken.words.add(alignment.words().get(i));
                    spoken.starts.add(alignment.startMs().get(i));
                    spoken.ends.add(alignment.endMs().get(i));
                }
            }
            assertThat(stream.nextAlignment(), is(nullValue()));
        }
        return spoken;
    }

    private static SynthesisRequest timed(String text, Map<String, String> settings) {
        return new SynthesisRequest(text, null, null, AudioFormat.pcm(16_000), settings, true);
    }

    private static byte[] readAll(AudioStream stream) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk = stream.read(); chunk != null; chunk = stream.read()) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    /** What a timed stream delivered. */
    private static final class Spoken {
        private final int sampleRate;
        private final ByteArrayOutputStream audio = new ByteArrayOutputStream();
        private final List<String> words = new ArrayList<>();
        private final List<Long> starts = new ArrayList<>();
        private final List<Long> ends = new ArrayList<>();
        private int alignments;

        Spoken(int sampleRate) {
            this.sampleRate = sampleRate;
        }

        double audioMs() {
            return audio.size() / 2 * 1000.0 / sampleRate;
        }

        double loudness(double fromMs, double toMs) {
            byte[] pcm = audio.toByteArray();
            int from = (int) (fromMs * sampleRate / 1000) * 2;
            int to = Math.min(pcm.length, (int) (toMs * sampleRate / 1000) * 2);
            return MaryTtsProviderTest.loudness(java.util.Arrays.copyOfRange(pcm, from, to));
        }
    }

    private static void deleteRecursively(Path directory) throws java.io.IOException {
        if (Files.exists(directory)) {
            try (var paths = Files.walk(directory)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static byte[] synthesize(String text, int rate) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AudioStream stream = provider.open(request(text, rate))) {
            for (byte[] chunk = stream.read(); chunk != null; chunk = stream.read()) {
                out.writeBytes(chunk);
            }
        }
        return out.toByteArray();
    }

    private static SynthesisRequest request(String text, int rate) {
        return new SynthesisRequest(text, null, null, AudioFormat.pcm(rate), Map.of());
    }

    static double loudness(byte[] pcm) {
        double sum = 0;
        for (int i = 0; i + 1 < pcm.length; i += 2) {
            double s = (short) ((pcm[i + 1] << 8) | (pcm[i] & 0xFF)) / 32768.0;
            sum += s * s;
        }
        return Math.sqrt(sum / (pcm.length / 2.0));
    }
}
