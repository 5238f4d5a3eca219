package io.ttsgateway.elevenlabs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.provider.net.AudioInbox;
import io.ttsgateway.provider.net.Endpoints;
import io.ttsgateway.provider.net.HttpAudioCall;
import io.ttsgateway.provider.net.JsonGet;

/**
 * One request over HTTP streaming, {@code POST /v1/text-to-speech/{voice_id}/stream}, or
 * {@code /stream/with-timestamps} for word timings: newline-separated JSON objects with base64 audio
 * and character timings in seconds.
 */
final class HttpSynthesis {

    private final ResolvedRequest request;
    private final HttpAudioCall call;
    private final WordAligner aligner = new WordAligner();
    private long deliveredBytes;
    /** Whether this response's timings restart at every line; decided on the first line that tells. */
    private Boolean relativeTimes;

    private HttpSynthesis(ElevenLabsProvider provider, ResolvedRequest request, String previousText,
                          Consumer<HttpSynthesis> onEnd) throws ProviderException {
        this.request = request;
        OutputPlan plan = OutputPlan.forHttp(request.wanted());
        HttpAudioCall.Vendor vendor = new HttpAudioCall.Vendor(ElevenLabsProvider.NAME, provider.httpClient(),
                provider.settings().timeouts(), HttpSynthesis::failure);
        // The voice id was checked to be a plain identifier: nothing to escape.
        String path = "/v1/text-to-speech/" + request.voice() + "/stream"
                + (request.timestamps() ? "/with-timestamps" : "") + "?output_format=" + plan.outputFormat();
        this.call = new HttpAudioCall(vendor, HttpAudioCall.post(vendor, Endpoints.http(provider.base(), path),
                                                                 provider.authHeaders(),
                                                                 ElevenLabsMessages.httpBody(request, previousText)),
                                      plan.produced(), request.timestamps() ? this::readLines : HttpAudioCall::rawAudio,
                                      ended -> onEnd.accept(this));
    }

    /** Prepares a request; {@link #begin()} sends it, so the caller can track it before it can end. */
    static HttpSynthesis create(ElevenLabsProvider provider, ResolvedRequest request, Consumer<HttpSynthesis> onEnd)
            throws ProviderException {
        return new HttpSynthesis(provider, request, null, onEnd);
    }

    /** Prepares a request that continues {@code previousText} ({@code previous_text}, may be null). */
    static HttpSynthesis create(ElevenLabsProvider provider, ResolvedRequest request, String previousText,
                                Consumer<HttpSynthesis> onEnd) throws ProviderException {
        return new HttpSynthesis(provider, request, previousText, onEnd);
    }

    /** Sends the request on its own thread; returns at once. */
    HttpSynthesis begin() {
        call.start();
        return this;
    }

    /** The caller's stream, in the format it asked for. */
    AudioStream stream() {
        return OutputPlan.deliver(call.stream(), request.wanted());
    }

    /** Fails the request and stops it (its session or provider closed). */
    void abort(ProviderException error) {
        call.abort(error);
    }

    private void readLines(InputStream body, AudioInbox inbox) throws IOException, ProviderException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (!line.isBlank() && !deliverLine(parse(line), inbox)) {
                return;
            }
        }
        align(inbox, aligner.finish());
    }

    private boolean deliverLine(JsonNode chunk, AudioInbox inbox) throws ProviderException {
        JsonNode audio = chunk.get("audio_base64");
        byte[] bytes = new byte[0];
        if (audio != null && audio.isTextual()) {
            try {
                bytes = Base64.getDecoder().decode(audio.asText());
            } catch (IllegalArgumentException e) {
                throw malformed("audio that is not base64");
            }
        }
        long deliveredMs = deliveredBytes * 1000 / inbox.format().bytesPerSecond();
        deliveredBytes += bytes.length;
        if (bytes.length > 0 && !inbox.push(bytes)) {
            return false;
        }
        CharAlignment alignment = CharAlignment.fromHttp(chunk);
        if (alignment != null && !alignment.isEmpty()) {
            align(inbox, aligner.add(alignment, offsetOf(alignment, deliveredMs)));
        }
        return true;
    }

    /**
     * Where a line's timings start. The docs do not say whether they are relative to the line or to
     * the response, so the first line after some audio decides: timings that start well before the
     * audio already delivered restart at every line.
     */
    private long offsetOf(CharAlignment alignment, long deliveredMs) {
        if (relativeTimes == null && deliveredMs > 0) {
            relativeTimes = alignment.startMs()[0] < deliveredMs / 2;
        }
        return Boolean.TRUE.equals(relativeTimes) ? deliveredMs : 0;
    }

    private static void align(AudioInbox inbox, WordAlignment words) {
        if (!words.isEmpty()) {
            inbox.align(words);
        }
    }

    private static JsonNode parse(String line) throws ProviderException {
        try {
            return ElevenLabsMessages.JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw malformed("a timestamp line that is not JSON");
        }
    }

    private static ProviderException failure(int status, byte[] body) {
        return ElevenLabsErrors.forHttp(status, ElevenLabsErrors.httpCode(JsonGet.parseOrNull(body)));
    }

    private static ProviderException malformed(String what) {
        return new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ElevenLabsProvider.NAME + " sent " + what);
    }
}
