package io.ttsgateway.fakes;

import java.util.List;
import java.util.Set;

/**
 * The audio and character timings the fake ElevenLabs sends: {@link FakeAudio}'s tone in the
 * {@code output_format} asked for, and the request's characters spread evenly over its chunks.
 */
public final class FakeElevenLabsAudio {

    /** {@code output_format} values of the WebSockets (AsyncAPI {@code TextToSpeechOutputFormatEnum}). */
    public static final Set<String> SOCKET_FORMATS = Set.of(
            "mp3_22050_32", "mp3_44100_32", "mp3_44100_64", "mp3_44100_96", "mp3_44100_128", "mp3_44100_192",
            "pcm_8000", "pcm_16000", "pcm_22050", "pcm_24000", "pcm_44100", "ulaw_8000", "alaw_8000",
            "opus_48000_32", "opus_48000_64", "opus_48000_96", "opus_48000_128", "opus_48000_192");
    /** The HTTP endpoints' enum (openapi.json): the same plus 48 kHz PCM. */
    public static final Set<String> HTTP_FORMATS = union(SOCKET_FORMATS, "pcm_48000");
    /** What the real API defaults to; the fake cannot encode it. */
    public static final String DEFAULT_FORMAT = "mp3_44100_128";

    private FakeElevenLabsAudio() {
    }

    /**
     * Whether the fake can produce a format (raw PCM and G.711; not MP3 or Opus).
     *
     * @param outputFormat the {@code output_format}
     * @return true when it can
     */
    public static boolean producible(String outputFormat) {
        return outputFormat.startsWith("pcm_") || outputFormat.equals("ulaw_8000") || outputFormat.equals("alaw_8000");
    }

    /**
     * The sample rate of a format.
     *
     * @param outputFormat for example {@code pcm_16000}
     * @return samples per second
     */
    public static int rate(String outputFormat) {
        return Integer.parseInt(outputFormat.split("_")[1]);
    }

    /**
     * One chunk of the tone.
     *
     * @param outputFormat the format
     * @param firstSample  index of the chunk's first sample in the request
     * @param samples      samples in the chunk
     * @return the bytes
     */
    public static byte[] chunk(String outputFormat, long firstSample, int samples) {
        int rate = rate(outputFormat);
        if (outputFormat.startsWith("ulaw")) {
            return FakeAudio.muLaw(rate, firstSample, samples);
        }
        byte[] pcm = FakeAudio.pcm(rate, firstSample, samples);
        if (outputFormat.startsWith("alaw")) {
            byte[] out = new byte[samples];
            for (int i = 0; i < samples; i++) {
                out[i] = aLaw((short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8)));
            }
            return out;
        }
        return pcm;
    }

    /**
     * The characters of chunk {@code index} of {@code chunks}, when a text is spread evenly.
     *
     * @param text   the request's text
     * @param index  the chunk
     * @param chunks how many chunks the request has
     * @return the chunk's characters, possibly none
     */
    public static List<String> charsOf(String text, int index, int chunks) {
        int from = text.length() * index / chunks;
        int to = text.length() * (index + 1) / chunks;
        return text.substring(from, to).chars().mapToObj(c -> String.valueOf((char) c)).toList();
    }

    /**
     * When character {@code i} of {@code count} starts within a chunk, in milliseconds.
     *
     * @param i           the character
     * @param count       characters in the chunk
     * @param chunkMillis audio per chunk
     * @return the start, from the chunk's start
     */
    public static long charStart(int i, int count, int chunkMillis) {
        return (long) i * chunkMillis / count;
    }

    /**
     * How long each of {@code count} characters of a chunk lasts, in milliseconds.
     *
     * @param count       characters in the chunk
     * @param chunkMillis audio per chunk
     * @return the duration
     */
    public static long charDuration(int count, int chunkMillis) {
        return Math.max(1, chunkMillis / count);
    }

    /** G.711 A-law (ITU-T G.711 segments on 13-bit magnitudes), as the real API's {@code alaw_8000}. */
    private static byte aLaw(short sample) {
        int value = sample >> 3;
        int sign = 0x80;
        if (value < 0) {
            value = -value - 1;
            sign = 0;
        }
        int encoded;
        if (value < 32) {
            encoded = value >> 1;
        } else if (value >= 4096) {
            encoded = 0x7F;
        } else {
            int exponent = 1;
            for (int v = value >> 5; v > 1 && exponent < 7; v >>= 1) {
                exponent++;
            }
            encoded = (exponent << 4) | ((value >> exponent) & 0x0F);
        }
        return (byte) ((encoded | sign) ^ 0x55);
    }

    private static Set<String> union(Set<String> set, String extra) {
        java.util.HashSet<String> all = new java.util.HashSet<>(set);
        all.add(extra);
        return Set.copyOf(all);
    }
}
