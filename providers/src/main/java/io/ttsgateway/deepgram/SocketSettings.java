package io.ttsgateway.deepgram;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * What Deepgram fixes for the life of a socket, and so the key of the socket pool.
 *
 * @param model  the model, which is also the voice ({@code aura-2-thalia-en})
 * @param output encoding and sample rate
 * @param speed  the {@code speed} parameter as sent, or null for Deepgram's default
 */
record SocketSettings(String model, Output output, String speed) {

    /** The endpoint path with its query; the key travels in a header, never here. */
    String pathAndQuery() {
        return "/v1/speak?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "&encoding=" + output.encoding()
                + "&sample_rate=" + output.sampleRate() + (speed == null ? "" : "&speed=" + speed);
    }

    /** Model, encoding, rate and speed: nothing secret. */
    @Override
    public String toString() {
        return model + "/" + output.encoding() + "/" + output.sampleRate() + (speed == null ? "" : "/x" + speed);
    }

    /**
     * What Deepgram is asked to produce for a format a client wants.
     *
     * @param encoding   the {@code encoding} parameter: {@code linear16}, {@code mulaw} or {@code alaw}
     * @param sampleRate the {@code sample_rate} parameter
     * @param format     the same audio as a gateway format
     */
    record Output(String encoding, int sampleRate, AudioFormat format) {

        /** PCM rates the gateway names that Deepgram streams as {@code linear16} (it also has 32 kHz). */
        static final Set<Integer> LINEAR16_RATES = Set.of(8000, 16000, 24000, 48000);
        /** Formats produced without conversion. */
        static final Set<AudioFormat> NATIVE_FORMATS = Stream.concat(
                LINEAR16_RATES.stream().map(AudioFormat::pcm),
                Stream.of(new AudioFormat(AudioEncoding.ULAW, AudioFormat.G711_RATE),
                          new AudioFormat(AudioEncoding.ALAW, AudioFormat.G711_RATE)))
                .collect(Collectors.toUnmodifiableSet());

        /** The format wanted, else the next native rate above (24000 for 22050): the gateway only resamples down. */
        static Output of(AudioFormat wanted) throws ProviderException {
            return switch (wanted.encoding()) {
                case PCM -> {
                    int rate = LINEAR16_RATES.stream().filter(r -> r >= wanted.sampleRate()).sorted().findFirst()
                            .orElseThrow(() -> unsupported(wanted));
                    yield new Output("linear16", rate, AudioFormat.pcm(rate));
                }
                case ULAW -> new Output("mulaw", AudioFormat.G711_RATE, wanted);
                case ALAW -> new Output("alaw", AudioFormat.G711_RATE, wanted);
                case WAV -> throw unsupported(wanted);
            };
        }

        private static ProviderException unsupported(AudioFormat format) {
            return new ProviderException(ProviderErrorKind.INVALID_REQUEST, DeepgramCodec.NAME + " cannot stream " + format);
        }
    }
}
