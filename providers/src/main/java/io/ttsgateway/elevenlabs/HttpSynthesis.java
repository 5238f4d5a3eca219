package io.ttsgateway.elevenlabs;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ConvertedAudioStream;
import io.ttsgateway.provider.IndependentSegments;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.http1.Http1Request;
import io.ttsgateway.provider.net.Endpoints;
import io.ttsgateway.provider.net.HttpAudioCall;
import io.ttsgateway.provider.net.OpenResources;
import io.ttsgateway.provider.net.RawAudio;

import static io.ttsgateway.elevenlabs.ElevenLabsSettings.NAME;

/**
 * ElevenLabs' HTTP streaming for one owner, the provider or a session: {@code POST
 * /v1/text-to-speech/{voice_id}/stream}, or {@code /stream/with-timestamps} for word timings, a
 * request per segment of an utterance. The owner's close aborts the requests in flight.
 */
final class HttpSynthesis {

    /** The HTTP endpoints also produce 48 kHz PCM, which the WebSockets' enum lacks. */
    static final AudioFormat HTTP_ONLY_FORMAT = AudioFormat.pcm(48000);
    /** Longest {@code previous_text} sent: the API states no limit; a few sentences carry the intonation. */
    static final int PREVIOUS_TEXT_MAX_CHARS = 500;

    private final HttpAudioCall.Vendor vendor;
    private final URI base;
    private final Map<String, String> headers;
    /** The failure of requests once the owner closed. */
    private final Supplier<ProviderException> closedError;
    private final OpenResources<HttpAudioCall> calls;

    HttpSynthesis(HttpAudioCall.Vendor vendor, URI base, Map<String, String> headers,
                  Supplier<ProviderException> closedError) {
        this.vendor = vendor;
        this.base = base;
        this.headers = headers;
        this.closedError = closedError;
        this.calls = new OpenResources<>(call -> call.abort(closedError.get()));
    }

    /** Requests of another owner on the same client, failing with {@code closedError} once it closed. */
    HttpSynthesis forSession(Supplier<ProviderException> closedError) {
        return new HttpSynthesis(vendor, base, headers, closedError);
    }

    /** The format asked for: the wanted one, else the closest. */
    static AudioFormat produced(AudioFormat wanted) throws ProviderException {
        return wanted.equals(HTTP_ONLY_FORMAT) ? wanted : SocketKey.produced(wanted);
    }

    /** Sends a request continuing {@code previousText} (or null); returns at once, or throws once the owner closed. */
    AudioStream start(ResolvedRequest request, String previousText) throws ProviderException {
        AudioFormat produced = produced(request.wanted());
        // The voice id was checked to be a plain identifier: nothing to escape.
        String path = "/v1/text-to-speech/" + request.voice() + "/stream"
                + (request.timestamps() ? "/with-timestamps" : "") + "?output_format=" + produced;
        Http1Request post = HttpAudioCall.post(vendor, Endpoints.http(base, path), headers,
                                              ElevenLabsMessages.httpBody(request, previousText));
        HttpAudioCall call = new HttpAudioCall(vendor, post, produced,
                                               request.timestamps() ? new TimedLines() : new RawAudio(),
                                               calls::remove);
        calls.add(call); // before the owner's close is read: a close that comes later finds the call and aborts it
        if (calls.isClosed()) {
            calls.remove(call);
            throw closedError.get();
        }
        return ConvertedAudioStream.of(call.start().stream(), request.wanted());
    }

    /** An utterance over HTTP, its first segment sent; {@code session}'s close ends its streams. */
    Segments utterance(ProviderSession session, ResolvedRequest first) throws ProviderException, InterruptedException {
        return new Utterance(session, first);
    }

    /** Fails and stops every request in flight, and refuses every later one. */
    void close() {
        calls.close();
    }

    /** The end of the text so far, cut at a word boundary past {@link #PREVIOUS_TEXT_MAX_CHARS}; null if none. */
    static String previousText(CharSequence text) {
        String all = text.toString().strip();
        if (all.isEmpty()) {
            return null;
        }
        if (all.length() <= PREVIOUS_TEXT_MAX_CHARS) {
            return all;
        }
        String tail = all.substring(all.length() - PREVIOUS_TEXT_MAX_CHARS);
        int space = tail.indexOf(' ');
        return space >= 0 && space < tail.length() - 1 ? tail.substring(space + 1) : tail;
    }

    /**
     * An utterance over HTTP ({@code eleven_v3}, or a model whose WebSocket was refused): a request per
     * segment, with the end of the text before it as {@code previous_text}, which ElevenLabs documents
     * for continuity across separate generations.
     */
    private final class Utterance implements Segments {

        private final IndependentSegments streams;
        private final StringBuilder spoken = new StringBuilder();
        private final AudioStream first;

        Utterance(ProviderSession session, ResolvedRequest firstSegment) throws ProviderException, InterruptedException {
            this.streams = new IndependentSegments(session);
            this.first = open(firstSegment);
        }

        @Override
        public AudioStream first() {
            return first;
        }

        @Override
        public AudioStream open(ResolvedRequest segment) throws ProviderException, InterruptedException {
            String previous;
            synchronized (this) {
                previous = previousText(spoken);
                if (!spoken.isEmpty() && !Character.isWhitespace(spoken.charAt(spoken.length() - 1))
                        && !Character.isWhitespace(segment.text().charAt(0))) {
                    spoken.append(' ');
                }
                spoken.append(segment.text());
            }
            return streams.keep(start(segment, previous));
        }

        @Override
        public void close() {
            streams.close();
        }
    }

    /** A {@code /with-timestamps} body: newline-separated JSON, base64 audio with character timings in seconds. */
    private static final class TimedLines implements HttpAudioCall.Body {

        /** Longest line held: a line carries one chunk of base64 audio, well under this. */
        private static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

        private final WordAligner aligner = new WordAligner();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private long deliveredBytes;
        /** Whether this response's timings restart at every line; decided on the first line that tells. */
        private Boolean relativeTimes;

        @Override
        public boolean accept(ByteBuffer bytes, HttpAudioCall.Sink sink) throws ProviderException {
            while (bytes.hasRemaining()) {
                int end = bytes.position();
                while (end < bytes.limit() && bytes.get(end) != '\n') {
                    end++;
                }
                byte[] part = new byte[end - bytes.position()];
                bytes.get(part);
                line.writeBytes(part);
                if (line.size() > MAX_LINE_BYTES) {
                    throw malformed("a timestamp line over " + MAX_LINE_BYTES + " bytes");
                }
                if (bytes.hasRemaining()) {
                    bytes.get(); // the newline
                    if (!deliverLine(sink)) {
                        return false;
                    }
                }
            }
            return true;
        }

        @Override
        public void end(HttpAudioCall.Sink sink) throws ProviderException {
            if (deliverLine(sink)) {
                sink.align(aligner.finish());
            }
        }

        private boolean deliverLine(HttpAudioCall.Sink sink) throws ProviderException {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            return text.isBlank() || deliver(parse(text), sink);
        }

        private boolean deliver(JsonNode chunk, HttpAudioCall.Sink sink) throws ProviderException {
            JsonNode audio = chunk.get("audio_base64");
            byte[] bytes = new byte[0];
            if (audio != null && audio.isTextual()) {
                try {
                    bytes = Base64.getDecoder().decode(audio.asText());
                } catch (IllegalArgumentException e) {
                    throw malformed("audio that is not base64");
                }
            }
            long deliveredMs = deliveredBytes * 1000 / sink.format().bytesPerSecond();
            deliveredBytes += bytes.length;
            if (bytes.length > 0 && !sink.push(bytes)) {
                return false;
            }
            CharAlignment alignment = CharAlignment.fromHttp(chunk);
            if (alignment != null && !alignment.isEmpty()) {
                sink.align(aligner.add(alignment, offsetOf(alignment, deliveredMs)));
            }
            return true;
        }

        /** Undocumented whether timings count from the line or the response: well before the audio so far, they restart. */
        private long offsetOf(CharAlignment alignment, long deliveredMs) {
            if (relativeTimes == null && deliveredMs > 0) {
                relativeTimes = alignment.startMs()[0] < deliveredMs / 2;
            }
            return Boolean.TRUE.equals(relativeTimes) ? deliveredMs : 0;
        }

        private static JsonNode parse(String line) throws ProviderException {
            try {
                return ElevenLabsMessages.JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw malformed("a timestamp line that is not JSON");
            }
        }

        private static ProviderException malformed(String what) {
            return new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, NAME + " sent " + what);
        }
    }
}
