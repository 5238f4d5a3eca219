package io.ttsgateway.audio;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

class AudioConverterTest {

    @ParameterizedTest
    @CsvSource({"pcm_24000,pcm_16000", "pcm_22050,pcm_24000", "pcm_24000,ulaw_8000", "pcm_22050,alaw_8000",
                "ulaw_8000,pcm_24000", "ulaw_8000,pcm_8000", "pcm_24000,pcm_48000"})
    void aSineKeepsItsFrequencyAndLevelThroughAnyConversion(String from, String to) {
        AudioFormat source = AudioFormat.parse(from);
        AudioFormat target = AudioFormat.parse(to);
        double frequency = 440;
        short[] tone = Signals.sine(frequency, source.sampleRate(), source.sampleRate(), 0.5);
        byte[] input = encode(tone, source);

        byte[] output = convertInOddChunks(AudioConverter.create(source, target), input, 333);
        short[] samples = decode(output, target);

        assertThat("one second in, one second out", (double) samples.length, closeTo(target.sampleRate(), 2));
        int start = target.sampleRate() / 10;
        int end = samples.length - target.sampleRate() / 10;
        assertThat(Signals.rms(samples, start, end), closeTo(0.5 / Math.sqrt(2), 0.01));
        assertThat(Signals.magnitude(samples, start, end, frequency, target.sampleRate()), closeTo(0.5, 0.02));
        assertThat("the tone did not move",
                   Signals.magnitude(samples, start, end, frequency * 1.1, target.sampleRate()), lessThan(0.02));
    }

    @Test
    void chunkBoundariesDoNotChangeTheResult() {
        AudioFormat source = AudioFormat.pcm(22050);
        AudioFormat target = AudioFormat.pcm(24000);
        byte[] input = Pcm16.toBytes(Signals.sine(300, 22050, 22050, 0.4));
        byte[] whole = convertInOddChunks(AudioConverter.create(source, target), input, input.length);
        byte[] chunked = convertInOddChunks(AudioConverter.create(source, target), input, 101);
        assertThat(Arrays.equals(whole, chunked), is(true));
    }

    @Test
    void samePcmFormatPassesBytesThroughEvenWhenSplitMidSample() {
        AudioFormat format = AudioFormat.pcm(16000);
        byte[] input = Pcm16.toBytes(Signals.sine(300, 16000, 1600, 0.4));
        assertThat(Arrays.equals(convertInOddChunks(AudioConverter.create(format, format), input, 7), input), is(true));
    }

    private static byte[] convertInOddChunks(AudioConverter converter, byte[] input, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < input.length; i += chunk) {
            out.writeBytes(converter.convert(Arrays.copyOfRange(input, i, Math.min(input.length, i + chunk))));
        }
        out.writeBytes(converter.flush());
        return out.toByteArray();
    }

    private static byte[] encode(short[] samples, AudioFormat format) {
        return switch (format.encoding()) {
            case ULAW -> {
                byte[] out = new byte[samples.length];
                for (int i = 0; i < samples.length; i++) {
                    out[i] = G711.muLaw(samples[i]);
                }
                yield out;
            }
            default -> Pcm16.toBytes(samples);
        };
    }

    private static short[] decode(byte[] bytes, AudioFormat format) {
        return switch (format.encoding()) {
            case ULAW, ALAW -> {
                short[] out = new short[bytes.length];
                for (int i = 0; i < bytes.length; i++) {
                    out[i] = format.encoding() == AudioEncoding.ULAW ? G711.fromMuLaw(bytes[i]) : G711.fromALaw(bytes[i]);
                }
                yield out;
            }
            default -> Pcm16.toSamples(bytes, 0, bytes.length);
        };
    }
}
