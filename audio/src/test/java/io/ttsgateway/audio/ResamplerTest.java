package io.ttsgateway.audio;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

class ResamplerTest {

    @ParameterizedTest
    @CsvSource({"48000,24000", "48000,22050", "16000,24000", "22050,48000", "24000,8000", "44100,16000"})
    void sineKeepsFrequencyAndLevel(int from, int to) {
        double frequency = 1000;
        short[] input = Signals.sine(frequency, from, from, 0.5);
        short[] output = convert(Resampler.create(from, to), input, 997);

        assertThat("one second in, one second out", output.length, is((int) Math.ceil((double) from * to / from)));
        int start = to / 10;
        int end = output.length - to / 10;
        assertThat(Signals.rms(output, start, end), closeTo(0.5 / Math.sqrt(2), 0.01));
        assertThat(Signals.magnitude(output, start, end, frequency, to), closeTo(0.5, 0.02));
        assertThat("the tone did not move", Signals.magnitude(output, start, end, frequency * 1.1, to), lessThan(0.02));
    }

    @Test
    void downsamplingRemovesWhatCannotBeRepresented() {
        // 10 kHz cannot exist at 8 kHz; without filtering it would alias to 2 kHz.
        short[] input = Signals.sine(10_000, 48000, 48000, 0.5);
        short[] output = convert(Resampler.create(48000, 8000), input, 4096);
        assertThat(Signals.rms(output, 800, output.length - 800), lessThan(0.005));
    }

    @Test
    void chunkedConversionEqualsWholeConversion() {
        short[] input = Signals.sine(440, 48000, 48000, 0.3);
        short[] whole = convert(Resampler.create(48000, 22050), input, input.length);
        short[] chunked = convert(Resampler.create(48000, 22050), input, 333);
        assertThat(Arrays.equals(whole, chunked), is(true));
    }

    @Test
    void sampleSplitAcrossByteChunksIsJoined() {
        short[] input = Signals.sine(440, 16000, 1600, 0.3);
        byte[] bytes = Pcm16.toBytes(input);
        Resampler resampler = Resampler.create(16000, 24000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i += 101) {
            out.writeBytes(resampler.process(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 101))));
        }
        out.writeBytes(resampler.flush());
        byte[] expected = Pcm16.toBytes(convert(Resampler.create(16000, 24000), input, input.length));
        assertThat(Arrays.equals(out.toByteArray(), expected), is(true));
    }

    @Test
    void equalRatesPassThrough() {
        short[] input = Signals.sine(440, 24000, 2400, 0.3);
        assertThat(Arrays.equals(convert(Resampler.create(24000, 24000), input, 100), input), is(true));
    }

    private static short[] convert(Resampler resampler, short[] input, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < input.length; i += chunk) {
            out.writeBytes(Pcm16.toBytes(resampler.process(Arrays.copyOfRange(input, i, Math.min(input.length, i + chunk)))));
        }
        out.writeBytes(resampler.flush());
        byte[] bytes = out.toByteArray();
        return Pcm16.toSamples(bytes, 0, bytes.length);
    }
}
