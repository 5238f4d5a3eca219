package io.ttsgateway.session;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.DirectHandler;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.session.admission.RateLimiter;
import io.ttsgateway.session.options.RequestSpec;
import io.ttsgateway.session.producer.TextFeed;
import io.ttsgateway.session.protocol.ClientMessage;
import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.session.protocol.GatewayError;
import io.ttsgateway.session.protocol.MessageParser;
import io.ttsgateway.session.protocol.ProtocolException;
import io.ttsgateway.session.protocol.RequestOptions;
import io.ttsgateway.session.protocol.ServerMessages;
import io.ttsgateway.synthesis.ProviderRegistry;
import io.ttsgateway.synthesis.ProviderSessions;

/**
 * One WebSocket connection. Its callbacks run on Helidon's reader thread and only parse, validate
 * and hand work to the {@link RequestQueue}; they never block on synthesis, so a cancel is read
 * the moment it arrives. No client input escapes as an exception: a bad message gets an
 * {@code error} and the connection goes on.
 */
public final class TtsSession implements WsListener {

    private static final Logger LOGGER = Logger.getLogger(TtsSession.class.getName());

    private final SessionContext context;
    private final MessageParser parser;
    private final ServerMessages messages;
    private final StringBuilder partialText = new StringBuilder();
    private int partialBytes;
    private boolean partialTooLarge;
    private RateLimiter rateLimiter;
    private volatile Outbound outbound;
    private volatile RequestQueue queue;
    private volatile WsSession socket;
    private final ProviderSessions providerSessions = new ProviderSessions();
    private volatile long lastHeard = System.nanoTime();
    /** Options of the upgrade's query string, laid under every request's own. */
    private RequestOptions defaults = RequestOptions.NONE;
    /** Why the query string's options are malformed (every request fails), or {@code null}. */
    private ProtocolException defaultsError;
    /** An unknown provider or format in the query string, told once at open; requests relying on it fail. */
    private ProtocolException defaultsWarning;
    private final AtomicBoolean ended = new AtomicBoolean();

    /**
     * Creates the session of one connection.
     *
     * @param context what all sessions share
     */
    public TtsSession(SessionContext context) {
        this.context = context;
        this.parser = new MessageParser(context.mapper(), context.limits().maxTextLength());
        this.messages = new ServerMessages(context.mapper());
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        context.authenticator().check(prologue, headers);
        if (context.registry().isDraining()) {
            throw RequestException.builder()
                    .type(DirectHandler.EventType.OTHER)
                    .status(Status.SERVICE_UNAVAILABLE_503)
                    .message(ErrorCode.SERVER_BUSY.wireName() + ": server is shutting down")
                    .build();
        }
        readDefaults(prologue);
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        socket = session;
        SessionLimits limits = context.limits();
        outbound = new Outbound(session, limits.maxBufferedBytes(), this::end, this::closeSlowClient);
        queue = new RequestQueue(context.synthesizer(), outbound, messages, context.metrics(), limits.lookahead(),
                                 limits.stallTimeout());
        rateLimiter = new RateLimiter(limits.ratePerMinute(), System.nanoTime());
        if (!context.registry().register(this)) {
            GatewayError busy = GatewayError.of(ErrorCode.SERVER_BUSY, context.registry().isDraining()
                    ? "server is shutting down" : "server is at its session limit");
            ended.set(true);
            outbound.text(messages.error(busy, null));
            outbound.close(WsCloseCodes.TRY_AGAIN_LATER, busy.message());
            return;
        }
        if (defaultsError != null) {
            reject(defaultsError);
        } else if (defaultsWarning != null) {
            reject(defaultsWarning);
        }
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        heard();
        if (ended.get()) {
            return; // turned away or closing: nothing more is taken on
        }
        try {
            if (!partialTooLarge) {
                partialBytes += MessageParser.utf8Length(text);
                if (partialBytes > context.limits().maxMessageBytes()) {
                    partialTooLarge = true;
                    partialText.setLength(0);
                } else {
                    partialText.append(text);
                }
            }
            if (!last) {
                return;
            }
            if (partialTooLarge) {
                reject(new ProtocolException(ErrorCode.MESSAGE_TOO_LARGE, "message exceeds "
                        + context.limits().maxMessageBytes() + " bytes"));
                return;
            }
            String json = partialText.toString();
            handle(json);
        } catch (RuntimeException e) {
            // Never let an exception reach Helidon: it would close the connection.
            LOGGER.log(Level.WARNING, "Unexpected failure handling a client message", e);
            outbound.text(messages.error(GatewayError.of(ErrorCode.INVALID_MESSAGE, "message could not be handled"),
                                           null));
        } finally {
            if (last) {
                partialText.setLength(0);
                partialBytes = 0;
                partialTooLarge = false;
            }
        }
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        heard();
        if (ended.get() || !last) {
            return; // answered once, at the last fragment
        }
        reject(new ProtocolException(ErrorCode.INVALID_MESSAGE, "binary messages are not accepted; send JSON text"));
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        heard();
        outbound.pong(buffer);
    }

    @Override
    public void onPong(WsSession session, BufferData buffer) {
        heard();
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        end();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOGGER.log(Level.FINE, "WebSocket error", t);
        end();
    }

    /**
     * Ends the session: stops all its work, drops what waits for the socket (a queued close frame
     * is still sent) and unregisters it. Idempotent, any thread.
     *
     * @return true when this call ended it
     */
    boolean end() {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        Outbound current = outbound;
        if (current != null) {
            current.discard();
        }
        RequestQueue requests = queue;
        if (requests != null) {
            requests.close();
        }
        providerSessions.close();
        context.registry().unregister(this);
        return true;
    }

    boolean isEnded() {
        return ended.get();
    }

    /**
     * Nanoseconds since the client last sent anything, pongs included.
     */
    long silentNanos(long now) {
        return now - lastHeard;
    }

    Outbound outbound() {
        return outbound;
    }

    RequestQueue queue() {
        return queue;
    }

    /**
     * Cuts the connection without a close handshake: the client stopped answering.
     */
    void abort() {
        end();
        cut();
    }

    /**
     * Cuts the connection of a client that stopped reading (a close frame could not reach it) and
     * counts it. Any thread; never waits for the socket.
     */
    void closeSlowClient() {
        if (end()) {
            context.metrics().sessionClosed("slow_client");
            LOGGER.fine("Closed a client that stopped reading");
        }
        cut();
    }

    private void cut() {
        Outbound current = outbound;
        if (current != null) {
            current.abort(); // a virtual writer blocked on the socket closes it when interrupted
        }
        if (socket instanceof io.helidon.webserver.spi.ServerConnection connection) {
            // Interrupting the reader closes the socket too; WsSession has no abort of its own.
            connection.close(true);
        }
    }

    private void handle(String json) {
        try {
            switch (parser.parse(json)) {
            case ClientMessage.Cancel cancel -> {
                if (cancel.requestId() == null) {
                    queue.cancelAll();
                } else {
                    queue.cancel(cancel.requestId());
                }
            }
            case ClientMessage.Synthesize synthesize -> accept(synthesize.requestId(), synthesize.options(),
                                                               TextFeed.whole(synthesize.text()));
            case ClientMessage.Append append -> append(append);
            case ClientMessage.Flush flush -> withId(flush.requestId(), () -> streamed(flush.requestId()).flush());
            case ClientMessage.End end -> withId(end.requestId(), () -> streamed(end.requestId()).end());
            }
        } catch (ProtocolException e) {
            reject(e);
        }
    }

    private void append(ClientMessage.Append append) throws ProtocolException {
        String id = append.requestId();
        SynthesisJob job = queue.find(id);
        if (job == null) {
            SessionLimits limits = context.limits();
            TextFeed feed = TextFeed.streamed(limits.segmentSchedule(), limits.maxTextLength(),
                                              limits.streamIdleTimeout());
            withId(id, () -> feed.append(append.text()));
            accept(id, append.options(), feed);
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
            withId(id, () -> job.feed().append(append.text()));
        } catch (ProtocolException e) {
            reject(e);
            if (e.error().code() == ErrorCode.TEXT_TOO_LONG) {
                job.feed().fail(e.error()); // after the error message, so the client reads it before the done
            }
        }
    }

    private TextFeed streamed(String id) throws ProtocolException {
        SynthesisJob job = queue.find(id);
        if (job == null || !job.feed().streamed() || !job.feed().open()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "no streamed request with this requestId is open", id);
        }
        return job.feed();
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

    private void accept(String id, RequestOptions options, TextFeed feed) throws ProtocolException {
        if (context.registry().isDraining()) {
            throw new ProtocolException(ErrorCode.SERVER_BUSY, "server is shutting down", id);
        }
        if (!rateLimiter.tryAcquire(System.nanoTime())) {
            throw new ProtocolException(ErrorCode.RATE_LIMIT_EXCEEDED, "more than "
                    + context.limits().ratePerMinute() + " requests per minute", id);
        }
        if (id != null && queue.contains(id)) {
            throw new ProtocolException(ErrorCode.DUPLICATE_REQUEST, "requestId is already in use on this connection", id);
        }
        if (queue.size() >= context.limits().maxQueuedRequests()) {
            throw new ProtocolException(ErrorCode.QUEUE_FULL, "more than " + context.limits().maxQueuedRequests()
                    + " requests queued on this connection", id);
        }
        if (defaultsError != null) {
            throw new ProtocolException(defaultsError.error().code(), "the connection's query string is invalid: "
                    + defaultsError.error().message(), id);
        }
        RequestOptions merged = options.orElse(defaults);
        TtsProvider provider = resolveProvider(merged.provider(), id);
        RequestSpec spec = new RequestSpec(resolveFormat(merged.format(), id), merged.voice(), merged.model(),
                                           merged.providerSettings(), merged.wantsTimestamps());
        SynthesisJob job = new SynthesisJob(id, spec, feed, provider, providerSessions, context.metrics(),
                                            context.limits().requestBufferBytes());
        if (!queue.submit(job)) {
            throw new ProtocolException(ErrorCode.SERVER_BUSY, "session is closing", id);
        }
    }

    private void readDefaults(HttpPrologue prologue) {
        try {
            defaults = MessageParser.queryOptions(name -> prologue.query().first(name).orElse(null));
        } catch (ProtocolException e) {
            defaultsError = e;
            return;
        }
        try {
            resolveProvider(defaults.provider(), null);
            resolveFormat(defaults.format(), null);
        } catch (ProtocolException e) {
            defaultsWarning = new ProtocolException(e.error().code(), "in the connection's query string: "
                    + e.error().message());
        }
    }

    private TtsProvider resolveProvider(String name, String id) throws ProtocolException {
        ProviderRegistry providers = context.synthesizer().providers();
        if (name == null) {
            return providers.defaultProvider();
        }
        return providers.find(name).orElseThrow(() -> new ProtocolException(
                ErrorCode.UNKNOWN_PROVIDER, "provider '" + name + "' is not available; this gateway offers "
                + String.join(", ", providers.names()), id));
    }

    private AudioFormat resolveFormat(String name, String id) throws ProtocolException {
        if (name == null) {
            return context.defaultFormat();
        }
        try {
            return AudioFormat.parse(name);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_FORMAT, e.getMessage() + "; use pcm_<rate> or wav_<rate> "
                    + "with a rate of " + AudioFormat.PCM_RATES.stream().sorted().toList() + ", ulaw_8000 or alaw_8000",
                                        id);
        }
    }

    private void reject(ProtocolException e) {
        context.metrics().protocolError(e.error().code().wireName());
        outbound.text(messages.error(e.error(), e.requestId()));
    }

    private void heard() {
        lastHeard = System.nanoTime();
    }
}
