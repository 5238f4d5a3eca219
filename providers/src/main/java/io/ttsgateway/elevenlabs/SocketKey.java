package io.ttsgateway.elevenlabs;

import java.util.Set;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

import static io.ttsgateway.elevenlabs.ElevenLabsSettings.NAME;

/**
 * What fixes a multi-context socket, all in its URL: voice, model, {@code output_format} and
 * {@code language_code} (or null). Voice settings go with each context, so requests differing only
 * there share a socket, never a context.
 */
record SocketKey(String voice, String model, String outputFormat, String language) {

    /** Inactivity timeout asked for, the most the API allows: a socket survives three idle minutes. */
    static final int INACTIVITY_TIMEOUT_SECONDS = 180;
    /** What the WebSockets and HTTP endpoints both produce (AsyncAPI {@code TextToSpeechOutputFormatEnum}). */
    static final Set<AudioFormat> FORMATS = Set.of(AudioFormat.pcm(8000), AudioFormat.pcm(16000),
                                                   AudioFormat.pcm(22050), AudioFormat.pcm(24000),
                                                   AudioFormat.pcm(44100), new AudioFormat(AudioEncoding.ULAW, 8000),
                                                   new AudioFormat(AudioEncoding.ALAW, 8000));
    /** Asked for instead of 48 kHz, which only HTTP serves: on every plan (44.1 kHz needs Pro), and doubles cleanly. */
    static final AudioFormat STAND_IN_FOR_48K = AudioFormat.pcm(24000);

    /** The format a socket is asked for: the wanted one, else the closest; WAV framing is the caller's. */
    static AudioFormat produced(AudioFormat wanted) throws ProviderException {
        if (wanted.encoding() == AudioEncoding.WAV) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                        NAME + " streams raw audio; WAV framing is the caller's");
        }
        return FORMATS.contains(wanted) ? wanted : STAND_IN_FOR_48K;
    }

    /** The path and query; {@code sync_alignment} gives word timings and tells an utterance's segments apart. */
    String pathAndQuery() {
        // Voice, model and language were checked to be plain identifiers: nothing to escape.
        return "/v1/text-to-speech/" + voice + "/multi-stream-input?model_id=" + model + "&output_format="
                + outputFormat + "&inactivity_timeout=" + INACTIVITY_TIMEOUT_SECONDS + "&sync_alignment=true"
                + (language == null ? "" : "&language_code=" + language);
    }
}
