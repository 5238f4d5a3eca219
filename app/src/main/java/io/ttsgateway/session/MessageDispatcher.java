package io.ttsgateway.session;

import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.observe.trace.RequestTrace;
import io.ttsgateway.observe.trace.TraceParent;
import io.ttsgateway.session.admission.Admission;
import io.ttsgateway.session.options.OptionResolution;
import io.ttsgateway.session.producer.TextFeed;
import io.ttsgateway.session.protocol.ClientMessage;
import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.session.protocol.MessageParser;
import io.ttsgateway.session.protocol.ProtocolException;
import io.ttsgateway.session.protocol.RequestOptions;
import io.ttsgateway.session.protocol.ServerMessages;
import io.ttsgateway.usage.RequestMeter;

/**
 * Acts on each whole client message of one session, on its reader thread: a new request is
 * admitted, its options resolved and it is queued; text, flush and end go to a streamed request's
 * feed; a cancel goes to the queue. Nothing here waits; a message that cannot be acted on is
 * answered with an {@code error} and the session goes on.
 */
final class MessageDispatcher {

    private final LiveSession session;
    private final MessageParser parser;
    private final Admission admission;
    private final OptionResolution options;
    private final SessionLimits limits;
    private final ServerMessages messages;
    private final GatewayMetrics metrics;
    private final TraceParent caller;

    MessageDispatcher(LiveSession session, MessageParser parser, Admission admission, OptionResolution options,
                      SessionLimits limits, ServerMessages messages, GatewayMetrics metrics, TraceParent caller) {
        this.session = session;
        this.parser = parser;
        this.admission = admission;
        this.options = options;
        this.limits = limits;
        this.messages = messages;
        this.metrics = metrics;
        this.caller = caller;
    }

    /**
     * Parses a whole message and acts on it.
     *
     * @param json the message
     */
    void dispatch(String json) {
        try {
            switch (parser.parse(json)) {
            case ClientMessage.Cancel cancel -> {
                if (cancel.requestId() == null) {
                    session.queue().cancelAll();
                } else {
                    session.queue().cancel(cancel.requestId());
                }
            }
            case ClientMessage.Synthesize synthesize -> accept(synthesize.requestId(), synthesize.options(),
                                                               TextFeed.whole(synthesize.text()),
                                                               characters(synthesize.text()));
            case ClientMessage.Append append -> append(append);
            case ClientMessage.Flush flush -> withId(flush.requestId(), () -> streamed(flush.requestId()).flush());
            case ClientMessage.End end -> withId(end.requestId(), () -> streamed(end.requestId()).end());
            }
        } catch (ProtocolException e) {
            reject(e);
        }
    }

    /**
     * Answers a message that cannot become a request, and counts it.
     *
     * @param e what is wrong
     */
    void reject(ProtocolException e) {
        metrics.protocolError(e.error().code().wireName());
        session.say(messages.error(e.error(), e.requestId()));
    }

    private void append(ClientMessage.Append append) throws ProtocolException {
        String id = append.requestId();
        SynthesisJob job = session.queue().find(id);
        if (job == null) {
            TextFeed feed = TextFeed.streamed(limits.segmentSchedule(), limits.maxTextLength(),
                                              limits.streamIdleTimeout());
            withId(id, () -> feed.append(append.text()));
            accept(id, append.options(), feed, characters(append.text()));
            return;
        }
        if (!job.feed().streamed()) {
            throw new ProtocolException(ErrorCode.DUPLICATE_REQUEST, "requestId is in use by a synthesize request", id);
        }
        if (!append.options().isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
                                        "options are taken from the first append of a request only", id);
        }
        try {
            if (job.feed().open()) {
                admission.chargeMore(id, job.meter(), characters(append.text()));
            }
            withId(id, () -> job.feed().append(append.text()));
            job.trace().characters(characters(append.text()));
        } catch (ProtocolException e) {
            reject(e);
            if (e.error().code() != ErrorCode.INVALID_MESSAGE) {
                // Text is missing (too long, over quota, key revoked): the request fails rather
                // than speaking part of it. After the error message, so the client reads it before the done.
                job.feed().fail(e.error());
            }
        }
    }

    private TextFeed streamed(String id) throws ProtocolException {
        SynthesisJob job = session.queue().find(id);
        if (job == null || !job.feed().streamed() || !job.feed().open()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "no streamed request with this requestId is open", id);
        }
        return job.feed();
    }

    private void accept(String id, RequestOptions asked, TextFeed feed, long characters) throws ProtocolException {
        RequestTrace trace = caller.request("websocket", id);
        trace.characters(characters);
        try {
            RequestQueue queue = session.queue();
            admission.request(id, id != null && queue.contains(id), queue.size(), System.nanoTime());
            OptionResolution.Resolved resolved = options.resolve(id, asked);
            RequestMeter meter = admission.charge(id, resolved.provider().name(), resolved.spec().format(), characters);
            SynthesisJob job = new SynthesisJob(id, resolved.spec(), feed, resolved.provider(),
                                                session.providerSessions(), metrics, limits.requestBufferBytes(),
                                                meter, trace);
            if (!queue.submit(job)) {
                throw new ProtocolException(ErrorCode.SERVER_BUSY, "session is closing", id);
            }
        } catch (ProtocolException e) {
            trace.end("failed", e.error().code().wireName()); // refused: the span says why
            throw e;
        }
    }

    private static long characters(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Something done to a request's feed on behalf of one client message. */
    @FunctionalInterface
    private interface FeedAction {
        void run() throws ProtocolException;
    }

    /** Runs an action, naming the request in its error. */
    private static void withId(String id, FeedAction action) throws ProtocolException {
        try {
            action.run();
        } catch (ProtocolException e) {
            throw new ProtocolException(e.error().code(), e.error().message(), id);
        }
    }
}
