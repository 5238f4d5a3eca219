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

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MaryTtsProviderTest {

    private static final Path MARY_LOG_DIRECTORY = Path.of("log");
    private static MaryTtsProvider provider;

    @BeforeAll
    static void start() throws Exception {
        deleteRecursively(MARY_LOG_DIRECTORY);
        provider = new MaryTtsProvider(new MaryTtsSettings(MaryTtsProvider.DEFAULT_VOICE, 2, Duration.ofSeconds(30),
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
    void unknownVoiceIsAnInvalidRequest() {
        ProviderException e = assertThrows(ProviderException.class, () -> provider.open(
                new SynthesisRequest("Hi.", "nobody", null, AudioFormat.pcm(24000), Map.of())));
        assertThat(e.kind(), is(ProviderErrorKind.INVALID_REQUEST));
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

    private static double loudness(byte[] pcm) {
        double sum = 0;
        for (int i = 0; i + 1 < pcm.length; i += 2) {
            double s = (short) ((pcm[i + 1] << 8) | (pcm[i] & 0xFF)) / 32768.0;
            sum += s * s;
        }
        return Math.sqrt(sum / (pcm.length / 2.0));
    }
}
