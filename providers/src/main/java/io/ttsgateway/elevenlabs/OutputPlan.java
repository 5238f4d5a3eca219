package io.ttsgateway.elevenlabs;

import java.util.Set;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ConvertedAudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

import static io.ttsgateway.elevenlabs.ElevenLabsSettings.NAME;

/**
 * Which {@code output_format} to ask for, and the format ElevenLabs then produces: the wanted one
 * when it can, otherwise the closest, converted in the gateway.
 */
record OutputPlan(AudioFormat produced, String outputFormat) {

    /** What the WebSockets and HTTP endpoints both produce (AsyncAPI {@code TextToSpeechOutputFormatEnum}). */
    static final Set<AudioFormat> SOCKET_FORMATS = Set.of(AudioFormat.pcm(8000), AudioFormat.pcm(16000),
                                                          AudioFormat.pcm(22050), AudioFormat.pcm(24000),
                                                          AudioFormat.pcm(44100),
                                                          new AudioFormat(AudioEncoding.ULAW, 8000),
                                                          new AudioFormat(AudioEncoding.ALAW, 8000));
    /** The HTTP endpoints also produce 48 kHz PCM, which the WebSockets' enum lacks. */
    static final AudioFormat HTTP_ONLY_FORMAT = AudioFormat.pcm(48000);
    /** Asked for instead of 48 kHz on a socket: on every plan (44.1 kHz needs Pro), and doubles cleanly. */
    static final AudioFormat SOCKET_STAND_IN_FOR_48K = AudioFormat.pcm(24000);

    /** The plan for a WebSocket request; WAV is refused (its framing is the caller's). */
    static OutputPlan forSocket(AudioFormat wanted) throws ProviderException {
        if (wanted.encoding() == AudioEncoding.WAV) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                        NAME + " streams raw audio; WAV framing is the caller's");
        }
        AudioFormat produced = SOCKET_FORMATS.contains(wanted) ? wanted : SOCKET_STAND_IN_FOR_48K;
        return new OutputPlan(produced, produced.toString());
    }

    /** The plan for an HTTP request. */
    static OutputPlan forHttp(AudioFormat wanted) throws ProviderException {
        return wanted.equals(HTTP_ONLY_FORMAT) ? new OutputPlan(wanted, wanted.toString()) : forSocket(wanted);
    }

    /** The caller's stream: ElevenLabs' own, or a view of it converted to {@code wanted}. */
    static AudioStream deliver(AudioStream nativeStream, AudioFormat wanted) {
        return ConvertedAudioStream.of(nativeStream, wanted);
    }
}
