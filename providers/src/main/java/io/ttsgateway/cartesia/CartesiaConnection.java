package io.ttsgateway.cartesia;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.provider.net.AudioInbox;
import io.ttsgateway.provider.net.ProviderErrors;
import io.ttsgateway.provider.net.ProviderSocket;

/**
 * One WebSocket to {@code /tts/websocket} and the contexts in flight on it. Requests are
 * multiplexed by {@code context_id}; the socket's reader routes each message to its context's
 * {@link CartesiaReceiver}. An {@code error} ends only its context; the end of the socket ends them
 * all.
 */
final class CartesiaConnection implements ProviderSocket.Handler {

    private static final Logger LOGGER = Logger.getLogger(CartesiaConnection.class.getName());
    /** Milliseconds per second, for timestamps Cartesia gives in seconds. */
    private static final double MILLIS_PER_SECOND = 1000.0;
    /** Longest wait for a sign of life after a request on a reused socket. */
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(2);
    /**
     * How often the probe looks for that sign: a pong updates the socket's arrival time without
     * any callback, so it is polled (only while a probe runs).
     */
    private static final Duration PROBE_POLL = Duration.ofMillis(20);

    private final ObjectMapper mapper;
    private final ProviderTimeouts timeouts;
    private final Map<String, CartesiaReceiver> contexts = new ConcurrentHashMap<>();
    private final long openedAt = System.nanoTime();
    private final long probeNanos;
    private final ReentrantLock arrivalLock = new ReentrantLock();
    private final Condition arrival = arrivalLock.newCondition();
    /** Probes waiting for a sign of life; messages only signal when there is one. */
    private final AtomicInteger probes = new AtomicInteger();
    private volatile ProviderSocket socket;
    private volatile boolean ended;
    /** Set before the gateway closes the socket itself, so in-flight requests are not told Cartesia dropped them. */
    private volatile boolean closing;
    private volatile long lastSend = System.nanoTime();
    /** No new request goes on this socket: it may be dead without the JDK having noticed. */
    private volatile boolean retired;
    /** Close as soon as the last context in flight ends. */
    private volatile boolean draining;

    private CartesiaConnection(ObjectMapper mapper, ProviderTimeouts timeouts) {
        this.mapper = mapper;
        this.timeouts = timeouts;
        // Shorter than the first-byte timeout, so a dead socket is known (and the request retried)
        // before the request itself times out.
        Duration half = timeouts.firstByte().dividedBy(2);
        this.probeNanos = (half.compareTo(PROBE_LIMIT) < 0 ? half : PROBE_LIMIT).toNanos();
    }

    /**
     * Opens a connection.
     *
     * @param client   the provider's HTTP client
     * @param mapper   JSON reader and writer
     * @param uri      the socket's URI, without credentials
     * @param headers  key and version headers
     * @param timeouts connect, first-byte and stall timeouts
     * @return the open connection
     * @throws ProviderException    when Cartesia refused the upgrade or could not be reached
     * @throws InterruptedException when interrupted while connecting
     */
    static CartesiaConnection open(HttpClient client, ObjectMapper mapper, URI uri, Map<String, String> headers,
                                   ProviderTimeouts timeouts) throws ProviderException, InterruptedException {
        CartesiaConnection connection = new CartesiaConnection(mapper, timeouts);
        connection.socket = ProviderSocket.connect(client, CartesiaProvider.NAME, uri, headers, timeouts.connect(),
                                                   connection);
        LOGGER.fine(() -> "Cartesia socket open to " + uri);
        return connection;
    }

    /**
     * Sends a generation on a new context.
     *
     * @param generation what to say
     * @param reused     whether this socket served before this request, so that its death before
     *                   any answer may be a stale socket rather than a failure of the request
     * @return the context, whose inbox receives the audio
     * @throws ProviderException {@code UNAVAILABLE} when the socket is closed or the send failed
     */
    CartesiaContext submit(CartesiaGeneration generation, boolean reused) throws ProviderException {
        String contextId = UUID.randomUUID().toString();
        AudioInbox inbox = inbox(generation.output().format(), (closed, finished) -> released(contextId, finished));
        CartesiaContext context = new CartesiaContext(contextId, inbox, this, reused, generation.timestamps());
        start(context, reused, List.of(generation.toJson(mapper, contextId)));
        LOGGER.finer(() -> "Cartesia context " + contextId + " sent: " + generation);
        return context;
    }

    /**
     * Registers a context and sends its first messages.
     *
     * @param receiver where the context's messages go
     * @param reused   whether this socket served before, so that it is probed for life
     * @param messages the messages, sent in order
     * @throws ProviderException {@code UNAVAILABLE} when the socket is closed or a send failed; the
     *                           context is then forgotten
     */
    void start(CartesiaReceiver receiver, boolean reused, List<String> messages) throws ProviderException {
        if (!isOpen()) {
            throw ProviderErrors.dropped(CartesiaProvider.NAME, "connection already closed");
        }
        // Registered before sending: the first chunk may arrive before send() returns.
        contexts.put(receiver.id(), receiver);
        try {
            for (String message : messages) {
                send(message);
            }
        } catch (ProviderException e) {
            contexts.remove(receiver.id());
            throw e;
        }
        if (ended && contexts.remove(receiver.id()) != null) {
            // The socket ended between the send and the registration being seen by onClosed.
            receiver.lost(lostError(), !closing);
        }
        if (reused) {
            Thread.ofVirtual().name("cartesia-probe").start(this::probe);
        }
    }

    /**
     * Sends a message of a context already started.
     *
     * @param message the JSON text
     * @throws ProviderException {@code UNAVAILABLE} when the socket is closed or the send failed
     */
    void send(String message) throws ProviderException {
        ProviderSocket current = socket;
        if (current == null) {
            throw ProviderErrors.dropped(CartesiaProvider.NAME, "connection not open");
        }
        lastSend = System.nanoTime();
        current.send(message);
    }

    /**
     * A new inbox for audio arriving on this socket, probing the socket while its reader waits.
     *
     * @param format the format of the audio
     * @param owner  told when the reader closes it
     * @return the inbox, whose first-byte clock starts now
     */
    AudioInbox inbox(AudioFormat format, AudioInbox.Owner owner) {
        ProviderSocket current = socket;
        return new AudioInbox(CartesiaProvider.NAME, format, timeouts, owner).probeWith(current::ping);
    }

    /**
     * The JSON reader and writer of the provider.
     *
     * @return the mapper
     */
    ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Forgets a context that is still registered and tells Cartesia to stop it; nothing when it has
     * already ended. Blocks for at most the socket's send timeout.
     *
     * @param contextId the context
     */
    void abandon(String contextId) {
        if (contexts.remove(contextId) != null) {
            cancel(contextId);
            closeIfDrained();
        }
    }

    /**
     * Forgets a context without telling Cartesia: nothing of it is generating any more, and what
     * still comes for it is dropped.
     *
     * @param contextId the context
     */
    void detach(String contextId) {
        forget(contextId);
    }

    /**
     * Pings a reused socket and aborts it when nothing at all comes back in time. A socket whose
     * peer is gone can look open for ever: no FIN reaches us behind a NAT that forgot us, and the
     * JDK client can miss an end of stream that arrived right behind a message (seen against a
     * server cutting the socket just after its last message). Aborting ends the socket like any
     * drop, so a request that nothing was heard of is sent once more on a fresh socket.
     */
    private void probe() {
        ProviderSocket current = socket;
        long sentAt = System.nanoTime();
        current.ping();
        long deadline = sentAt + probeNanos;
        probes.incrementAndGet();
        arrivalLock.lock();
        try {
            while (!ended && current.quietNanos() >= System.nanoTime() - sentAt) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    LOGGER.fine("Cartesia socket answered neither ping nor request; treating it as dead");
                    current.abort();
                    return;
                }
                arrival.await(Math.min(remaining, PROBE_POLL.toNanos()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            arrivalLock.unlock();
            probes.decrementAndGet();
        }
    }

    private void arrived() {
        if (probes.get() == 0) {
            return;
        }
        arrivalLock.lock();
        try {
            arrival.signalAll();
        } finally {
            arrivalLock.unlock();
        }
    }

    /**
     * Whether requests may be sent on this socket.
     *
     * @return false once it closed or was lost
     */
    boolean isOpen() {
        ProviderSocket current = socket;
        return !ended && current != null && current.isOpen();
    }

    /**
     * Whether a new request may be sent on this socket.
     *
     * @param idleNanos quiet time after which a socket is replaced rather than reused
     * @return true when open, not retired and not idle too long
     */
    boolean reusable(long idleNanos) {
        return isOpen() && !retired && !idleFor(idleNanos);
    }

    /**
     * Stops new requests from using this socket. Called when a request on it timed out: a socket
     * whose peer vanished can look open for ever (no FIN, or a FIN the JDK client missed), and
     * every request sent on it would time out in turn.
     */
    void retire() {
        if (!retired) {
            retired = true;
            LOGGER.fine("Cartesia socket retired after a timeout");
        }
    }

    /**
     * Closes the socket once nothing is in flight on it any more (at once when nothing is), so a
     * replaced socket does not cut the requests still streaming on it.
     */
    void closeWhenDone() {
        draining = true;
        closeIfDrained();
    }

    /**
     * Whether nothing is in flight and nothing crossed the socket for a while, so that Cartesia may be
     * about to close it as idle and a request sent now could cross its close frame.
     *
     * @param idleNanos how long counts as idle
     * @return true when the socket should be replaced rather than reused
     */
    boolean idleFor(long idleNanos) {
        ProviderSocket current = socket;
        if (current == null || !contexts.isEmpty()) {
            return false;
        }
        long sinceSend = System.nanoTime() - lastSend;
        return Math.min(sinceSend, current.quietNanos()) > idleNanos;
    }

    /**
     * How long ago the socket was opened.
     *
     * @return nanoseconds
     */
    long ageNanos() {
        return System.nanoTime() - openedAt;
    }

    /**
     * Closes the socket; requests still in flight fail {@code UNAVAILABLE}. Idempotent, any thread.
     */
    void close() {
        closing = true;
        ProviderSocket current = socket;
        if (current != null) {
            current.close();
        }
    }

    private void closeIfDrained() {
        if (draining && contexts.isEmpty() && !ended) {
            // Not on the caller's thread: that may be the socket's reader, which close() would block.
            Thread.ofVirtual().name("cartesia-close").start(this::close);
        }
    }

    private void forget(String contextId) {
        if (contexts.remove(contextId) != null) {
            closeIfDrained();
        }
    }

    @Override
    public void onText(String text) {
        arrived();
        JsonNode message;
        try {
            message = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            // Not attributable to a context; the contexts' own timeouts cover a garbled stream.
            LOGGER.fine("Cartesia sent a message that is not JSON; ignored");
            return;
        }
        String type = message.path("type").asText("");
        String contextId = message.path("context_id").asText(null);
        CartesiaReceiver context = contextId == null ? null : contexts.get(contextId);
        if (context == null) {
            if (type.equals("error") && contextId == null) {
                // An error about the socket itself rather than a context (unparseable input): every
                // request on it is in doubt, but the socket is not closed, so only log it.
                LOGGER.fine(() -> "Cartesia reported an error without a context: "
                        + CartesiaErrors.fromMessage(message).getMessage());
            }
            // Otherwise a late message of a cancelled or finished context: dropped by design.
            return;
        }
        context.heard();
        switch (type) {
            case "chunk" -> chunk(context, message);
            case "timestamps" -> timestamps(context, message);
            case "done" -> finish(context);
            case "error" -> {
                forget(context.id());
                context.failed(CartesiaErrors.fromMessage(message));
            }
            case "flush_done" -> context.flushDone(flushId(message));
            // Progress without audio: keeps a request that is still generating from looking stalled.
            case "phoneme_timestamps" -> context.progress();
            default -> LOGGER.fine(() -> "Cartesia sent an unknown message type; ignored");
        }
        if (!type.equals("done") && !type.equals("error") && message.path("done").asBoolean(false)) {
            finish(context);
        }
    }

    @Override
    public void onClosed(int code, String reason) {
        ended = true;
        arrived();
        boolean byGateway = closing;
        ProviderException error = byGateway ? closedByGateway()
                : ProviderErrors.dropped(CartesiaProvider.NAME, "close " + code + ", "
                        + ProviderErrors.safeCode(reason.isBlank() ? "no reason" : reason));
        LOGGER.fine(() -> byGateway ? "Cartesia socket closed by the gateway" : "Cartesia socket ended: "
                + error.getMessage());
        List<CartesiaReceiver> inFlight = new ArrayList<>(contexts.values());
        contexts.clear();
        for (CartesiaReceiver context : inFlight) {
            context.lost(error, !byGateway);
        }
    }

    private ProviderException lostError() {
        return closing ? closedByGateway() : ProviderErrors.dropped(CartesiaProvider.NAME, "connection lost");
    }

    private static ProviderException closedByGateway() {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, CartesiaProvider.NAME
                + " connection closed by the gateway");
    }

    private void chunk(CartesiaReceiver context, JsonNode message) {
        String data = message.path("data").asText("");
        byte[] audio;
        try {
            audio = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            forget(context.id());
            context.failed(new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, CartesiaProvider.NAME
                    + " sent audio that is not base64"));
            cancelLater(context.id());
            return;
        }
        if (!context.audio(audio, flushId(message)) && contexts.remove(context.id()) != null) {
            // Refused while still registered: the request timed out or overflowed its buffer and its
            // reader has not closed it yet. Stop the generation now rather than stream it for nothing.
            cancelLater(context.id());
            closeIfDrained();
        }
    }

    private static int flushId(JsonNode message) {
        JsonNode id = message.get("flush_id");
        return id != null && id.canConvertToInt() && id.asInt() >= 0 ? id.asInt() : CartesiaReceiver.NO_FLUSH_ID;
    }

    private void timestamps(CartesiaReceiver context, JsonNode message) {
        context.progress();
        JsonNode words = message.path("word_timestamps");
        if (!context.wantsTimestamps() || !words.isObject()) {
            return;
        }
        JsonNode text = words.path("words");
        JsonNode start = words.path("start");
        JsonNode end = words.path("end");
        if (!text.isArray() || !start.isArray() || !end.isArray() || text.size() != start.size()
                || text.size() != end.size()) {
            LOGGER.fine("Cartesia sent malformed word timestamps; ignored");
            return;
        }
        List<String> list = new ArrayList<>(text.size());
        List<Long> startMs = new ArrayList<>(text.size());
        List<Long> endMs = new ArrayList<>(text.size());
        for (int i = 0; i < text.size(); i++) {
            list.add(text.get(i).asText());
            startMs.add(Math.round(start.get(i).asDouble() * MILLIS_PER_SECOND));
            endMs.add(Math.round(end.get(i).asDouble() * MILLIS_PER_SECOND));
        }
        context.words(new WordAlignment(list, startMs, endMs));
    }

    private void finish(CartesiaReceiver context) {
        forget(context.id());
        context.done();
    }

    /**
     * The reader of a context closed its stream: forget the context, and when its audio had not
     * ended, tell Cartesia to stop generating it.
     */
    private void released(String contextId, boolean finished) {
        CartesiaReceiver context = contexts.remove(contextId);
        if (context != null && !finished) {
            cancel(contextId);
        }
        if (context != null) {
            closeIfDrained();
        }
    }

    /**
     * Sends a cancel from the socket's reader without blocking it: the reader must keep routing the
     * other contexts' audio. The thread ends within the socket's send timeout.
     */
    private void cancelLater(String contextId) {
        Thread.ofVirtual().name("cartesia-cancel").start(() -> cancel(contextId));
    }

    private void cancel(String contextId) {
        if (!isOpen()) {
            return; // the socket's end already stopped everything on it
        }
        // A request is often cancelled by interrupting its thread, which then closes the stream: the
        // cancel must still leave, so the flag is set aside for the (time-bounded) send.
        boolean interrupted = Thread.interrupted();
        try {
            socket.send(CartesiaGeneration.cancel(mapper, contextId));
            LOGGER.finer(() -> "Cartesia context " + contextId + " cancelled");
        } catch (ProviderException e) {
            LOGGER.fine(() -> "Cancel of a Cartesia context not sent: " + e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
