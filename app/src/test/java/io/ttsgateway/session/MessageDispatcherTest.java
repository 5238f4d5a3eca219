package io.ttsgateway.session;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.cache.AudioCache;
import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.session.admission.Admission;
import io.ttsgateway.session.admission.ClientAuthenticator;
import io.ttsgateway.session.options.OptionResolution;
import io.ttsgateway.session.playout.PlayoutSettings;
import io.ttsgateway.session.protocol.MessageParser;
import io.ttsgateway.session.protocol.ServerMessages;
import io.ttsgateway.synthesis.ProviderRegistry;
import io.ttsgateway.synthesis.Synthesizer;
import io.ttsgateway.text.SegmentSchedule;
import io.ttsgateway.tone.ToneProvider;
import io.ttsgateway.tone.ToneSettings;
import io.ttsgateway.observe.trace.TraceParent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each kind of client message acted on, on a session whose socket reads everything: requests
 * queued and answered, streamed text fed, cancels, and the errors of messages that cannot be acted
 * on, each naming its request.
 */
class MessageDispatcherTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final GatewayMetrics METRICS = new GatewayMetrics(() -> 0, () -> 0L);
    private static final SessionLimits LIMITS = new SessionLimits(
            20, 1024, 60, 4, 1, 1 << 20, Duration.ofSeconds(30), Duration.ofSeconds(20), 10,
            SegmentSchedule.parse("1"), Duration.ofMinutes(5), Duration.ofSeconds(10), 1 << 20, PlayoutSettings.OFF);

    private final RecordingSocket socket = new RecordingSocket();
    private final Synthesizer synthesizer = new Synthesizer(new ProviderRegistry(List.of(new ToneProvider(
            new ToneSettings(Duration.ZERO, Duration.ZERO, Duration.ofMillis(20), Duration.ofMillis(10), 440))),
                                                                                 ToneProvider.NAME, List.of()),
                                                            AudioCache.disabled(), METRICS, 0);
    private final ServerMessages messages = new ServerMessages(MAPPER);
    private final LiveSession session = new LiveSession(socket, synthesizer, LIMITS, messages, METRICS, ended -> { });
    private final MessageDispatcher dispatcher = new MessageDispatcher(
            session, new MessageParser(MAPPER, LIMITS.maxTextLength()),
            new Admission(new ClientAuthenticator(Set.of()), () -> false, LIMITS.ratePerMinute(),
                          LIMITS.maxQueuedRequests(), System.nanoTime()),
            OptionResolution.withoutDefaults(synthesizer.providers(), AudioFormat.pcm(16000)), LIMITS, messages,
            METRICS, TraceParent.NONE);

    @AfterEach
    void close() {
        session.end();
    }

    @Test
    void aSynthesizeIsQueuedAndAnswered() throws Exception {
        dispatcher.dispatch("{\"action\":\"synthesize\",\"requestId\":\"r1\",\"text\":\"Hi.\"}");
        assertEquals("start r1", told());
        assertEquals("done r1 completed", told());
    }

    @Test
    void appendsFeedOneStreamedRequestUntilItsEnd() throws Exception {
        dispatcher.dispatch("{\"action\":\"append\",\"requestId\":\"t1\",\"text\":\"Hello. \"}");
        dispatcher.dispatch("{\"action\":\"append\",\"requestId\":\"t1\",\"text\":\"Bye\"}");
        dispatcher.dispatch("{\"action\":\"flush\",\"requestId\":\"t1\"}");
        dispatcher.dispatch("{\"action\":\"end\",\"requestId\":\"t1\"}");
        assertEquals("start t1", told());
        assertEquals("done t1 completed", told());
        dispatcher.dispatch("{\"action\":\"end\",\"requestId\":\"t1\"}");
        assertEquals("error t1 invalid_message", told(), "no streamed request with this id is open any more");
    }

    @Test
    void onlyTheFirstAppendCarriesOptionsAndASynthesizeIdTakesNoAppend() throws Exception {
        dispatcher.dispatch("{\"action\":\"append\",\"requestId\":\"t1\",\"text\":\"Hello\",\"voice\":\"v\"}");
        dispatcher.dispatch("{\"action\":\"append\",\"requestId\":\"t1\",\"text\":\" there\",\"voice\":\"v\"}");
        assertEquals("error t1 invalid_message", told());
        // t1 waits for more text at the head of the queue, so s1 stays queued behind it.
        dispatcher.dispatch("{\"action\":\"synthesize\",\"requestId\":\"s1\",\"text\":\"Hi.\"}");
        dispatcher.dispatch("{\"action\":\"append\",\"requestId\":\"s1\",\"text\":\"more\"}");
        assertEquals("error s1 duplicate_request", told());
        dispatcher.dispatch("{\"action\":\"cancel\"}");
        assertEquals("done t1 cancelled", told());
        assertEquals("done s1 cancelled", told());
    }

    @Test
    void textPastTheLimitIsRefusedThenItsStreamedRequestFails() throws Exception {
        dispatcher.dispatch("{\"action\":\"append\",\"requestId\":\"t1\",\"text\":\"0123456789\"}");
        dispatcher.dispatch("{\"action\":\"append\",\"requestId\":\"t1\",\"text\":\"0123456789x\"}");
        assertEquals("error t1 text_too_long", told());
        assertEquals("done t1 failed", told(), "its done comes after the error");
    }

    @Test
    void aCancelOfOneIdAnswersThatRequestCancelled() throws Exception {
        dispatcher.dispatch("{\"action\":\"append\",\"requestId\":\"t1\",\"text\":\"Waiting for more\"}");
        dispatcher.dispatch("{\"action\":\"cancel\",\"requestId\":\"t1\"}");
        assertEquals("done t1 cancelled", told());
    }

    @Test
    void aMessageThatIsNotAValidOneIsAnsweredWithAnError() throws Exception {
        dispatcher.dispatch("{\"action\":\"sing\",\"requestId\":\"x\"}");
        assertEquals("error x invalid_message", told());
        dispatcher.dispatch("{\"action\":\"synthesize\",\"requestId\":\"p\",\"text\":\"Hi.\",\"provider\":\"nope\"}");
        assertEquals("error p unknown_provider", told());
    }

    /** The next text frame as action, request id and status or error code. */
    private String told() throws Exception {
        JsonNode message = MAPPER.readTree(socket.nextText().substring("text:".length()));
        String action = message.path("action").asText();
        String said = action + " " + message.path("requestId").asText();
        return switch (action) {
            case "done" -> said + " " + message.path("status").asText();
            case "error" -> said + " " + message.path("code").asText();
            default -> said;
        };
    }
}
