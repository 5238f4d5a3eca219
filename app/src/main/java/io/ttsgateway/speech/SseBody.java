package io.ttsgateway.speech;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/**
 * The audio as OpenAI's server-sent events: {@code speech.audio.delta} with base64 audio per
 * chunk, then one {@code speech.audio.done} with the usage (characters stand in for tokens).
 *
 * <p>Written to the response stream directly: Helidon's SSE sink is only chosen for requests that
 * send {@code Accept: text/event-stream}, and OpenAI's SDKs do not; OpenAI answers with events
 * because the body asks for {@code stream_format: "sse"}.
 */
final class SseBody implements SpeechEndpoint.AudioBody {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final ObjectMapper mapper;
    private final int inputCharacters;
    private long audioBytes;
    private boolean failed;

    SseBody(ServerResponse res, ObjectMapper mapper, String input) {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        this.out = res.outputStream();
        this.mapper = mapper;
        this.inputCharacters = input.codePointCount(0, input.length());
    }

    @Override
    public void write(byte[] chunk) throws IOException {
        audioBytes += chunk.length;
        emit(mapper.createObjectNode().put("type", "speech.audio.delta")
                     .put("audio", Base64.getEncoder().encodeToString(chunk)));
    }

    @Override
    public void fail(ApiError error) throws IOException {
        failed = true;
        ObjectNode event = mapper.createObjectNode().put("type", "error");
        event.set("error", error.body(mapper).get("error"));
        emit(event);
    }

    @Override
    public void close() throws IOException {
        if (!failed) {
            ObjectNode done = mapper.createObjectNode().put("type", "speech.audio.done");
            // Providers bill characters, not tokens: the usage counts input characters and audio bytes.
            done.putObject("usage").put("input_tokens", inputCharacters).put("output_tokens", audioBytes)
                    .put("total_tokens", inputCharacters + audioBytes);
            emit(done);
        }
        out.close();
    }

    private void emit(ObjectNode event) throws IOException {
        out.write(DATA);
        out.write(mapper.writeValueAsBytes(event));
        out.write(END);
        out.flush();
    }
}
