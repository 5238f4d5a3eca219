package io.ttsgateway.audio.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What ffprobe and ffmpeg, the reference tools, make of an encoded file.
 *
 * @param codec      ffprobe's codec_name of the first stream
 * @param sampleRate its sample_rate
 * @param channels   its channels
 * @param samples    the file decoded by ffmpeg to 16-bit mono at {@link #RATE}
 */
record Decoded(String codec, int sampleRate, int channels, short[] samples) {

    /** The rate files are decoded to for measuring. */
    static final int RATE = 24000;
    private static final long TIMEOUT_SECONDS = 60;

    /** Fails plainly when ffprobe is not installed. */
    private static void requireFfmpeg() {
        assertTrue(onPath("ffprobe") && onPath("ffmpeg"), "ffprobe/ffmpeg not found on the PATH: ./test.sh installs ffmpeg (or apt-get install ffmpeg)");
    }

    /** The length sox, through libFLAC or its WAV reader, finds in a file, in seconds. */
    static double soxSeconds(Path file) throws IOException, InterruptedException {
        assertTrue(onPath("sox"), "sox not found on the PATH: ./test.sh installs sox (or apt-get install sox)");
        // "stat" reports on stderr, so the report is the error stream here.
        Process process = new ProcessBuilder("sox", file.toString(), "-n", "stat").redirectErrorStream(true).start();
        String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "sox timed out");
        assertEquals(0, process.exitValue(), "sox failed: " + report);
        Matcher length = Pattern.compile("Length \\(seconds\\):\\s*([0-9.]+)").matcher(report);
        assertTrue(length.find(), "no length in sox's report: " + report);
        return Double.parseDouble(length.group(1));
    }

    /** Probes and decodes a file, failing on any error the tools report. */
    static Decoded of(Path file) throws IOException, InterruptedException {
        requireFfmpeg();
        byte[] probe = run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels",
                "-of", "json", file.toString());
        JsonNode stream = new ObjectMapper().readTree(probe).path("streams").path(0);
        byte[] pcm = run("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "s16le", "-ac", "1", "-ar",
                String.valueOf(RATE), "-");
        short[] samples = new short[pcm.length / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((pcm[2 * i + 1] << 8) | (pcm[2 * i] & 0xFF));
        }
        return new Decoded(stream.path("codec_name").asText(), stream.path("sample_rate").asInt(),
                stream.path("channels").asInt(), samples);
    }

    double seconds() {
        return samples.length / (double) RATE;
    }

    /** Sign changes per second over the middle half, where codec delay and fades do not reach. */
    double zeroCrossingsPerSecond() {
        int from = samples.length / 4;
        int to = samples.length * 3 / 4;
        int crossings = 0;
        for (int i = from + 1; i < to; i++) {
            if ((samples[i - 1] < 0) != (samples[i] < 0)) {
                crossings++;
            }
        }
        return crossings * (double) RATE / (to - from);
    }

    /** Root mean square over the middle half, full scale 1. */
    double middleRms() {
        int from = samples.length / 4;
        int to = samples.length * 3 / 4;
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / (to - from)) / Short.MAX_VALUE;
    }

    private static boolean onPath(String command) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
    }

    private static byte[] run(String... command) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("codec-tool", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), command[0] + " timed out");
            String stderr = Files.readString(errors).strip();
            assertEquals(0, process.exitValue(), command[0] + " failed: " + stderr);
            assertEquals("", stderr, command[0] + " reported errors");
            return out;
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
