package io.ttsgateway.elevenlabs;

import java.util.Set;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ConvertedAudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * Which {@code output_format} to ask ElevenLabs for, given the format the caller wants: that very
 * format when ElevenLabs produces it, otherwise the closest one it does, converted in the gateway.
 *
 * @param produced     what ElevenLabs sends back
 * @param outputFormat the {@code output_format} value naming it
 */
record OutputPlan(AudioFormat produced, String outputFormat) {

    /**
     * What both the WebSockets and the HTTP endpoints produce (AsyncAPI {@code TextToSpeechOutputFormatEnum}:
     * PCM S16LE mono at these rates, and G.711 at 8 kHz).
     */
    static final Set<AudioFormat> SOCKET_FORMATS = Set.of(AudioFormat.pcm(8000), AudioFormat.pcm(16000),
                                                          AudioFormat.pcm(22050), AudioFormat.pcm(24000),
                                                          AudioFormat.pcm(44100),
                                                          new AudioFormat(AudioEncoding.ULAW, 8000),
                                                          new AudioFormat(AudioEncoding.ALAW, 8000));
    /** The HTTP endpoints also produce 48 kHz PCM, which the WebSockets' enum lacks. */
    static final AudioFormat HTTP_ONLY_FORMAT = AudioFormat.pcm(48000);
    /**
     * Asked for instead of 48 kHz on a socket: 24 kHz is available on every plan (44.1 kHz needs Pro)
     * and doubles cleanly.
     */
    static final AudioFormat SOCKET_STAND_IN_FOR_48K = AudioFormat.pcm(24000);

    /**
     * The plan for a WebSocket request.
     *
     * @param wanted what the caller wants
     * @return the plan
     * @throws ProviderException when the format cannot be streamed raw (WAV is framed by the caller)
     */
    static OutputPlan forSocket(AudioFormat wanted) throws ProviderException {
        checkRaw(wanted);
        AudioFormat produced = SOCKET_FORMATS.contains(wanted) ? wanted : SOCKET_STAND_IN_FOR_48K;
        return new OutputPlan(produced, produced.toString());
    }

    /**
     * The plan for an HTTP request.
     *
     * @param wanted what the caller wants
     * @return the plan
     * @throws ProviderException when the format cannot be streamed raw
     */
    static OutputPlan forHttp(AudioFormat wanted) throws ProviderException {
        checkRaw(wanted);
        if (wanted.equals(HTTP_ONLY_FORMAT)) {
            return new OutputPlan(wanted, wanted.toString());
        }
        return forSocket(wanted);
    }

    /**
     * The stream the caller gets: ElevenLabs' own, or a converting view of it.
     *
     * @param nativeStream the stream in {@link #produced()}
     * @param wanted       what the caller asked for
     * @return a stream in {@code wanted}
     */
    static AudioStream deliver(AudioStream nativeStream, AudioFormat wanted) {
        return ConvertedAudioStream.of(nativeStream, wanted);
    }

    private static void checkRaw(AudioFormat wanted) throws ProviderException {
        if (wanted.encoding() == AudioEncoding.WAV) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                        ElevenLabsProvider.NAME + " streams raw audio; WAV framing is the caller's");
        }
    }
}
